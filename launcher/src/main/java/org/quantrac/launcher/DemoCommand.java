package org.quantrac.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command demo: starts the real services, then runs processor, connectors and the 140-station simulator in
 * this process — first the last hours as history (backfill), then live in real time — and says how to look at the
 * data.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline for the 140 catalog stations on the real services.",
                "Backfills the last hours of history, then keeps publishing live until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--history-hours", defaultValue = "6", description = "hours of history to backfill (default 6)")
    int historyHours;

    @Option(names = "--minutes", defaultValue = "0",
            description = "stop after this many minutes of live data (default 0: until Ctrl-C)")
    int minutes;

    @Option(names = "--seed", defaultValue = "42", description = "simulator seed (default 42)")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("quantrac.home", "."));
        System.out.println("[demo 1/5] starting the services (first run installs them: a few minutes)…");
        Map<String, String> env = servicesUp(home);
        Properties credentials = new Properties();
        try (var r = Files.newBufferedReader(Path.of(env.get("QUANTRAC_TEST_MQTT_CREDENTIALS")))) {
            credentials.load(r);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrapServers", env.get("QUANTRAC_TEST_KAFKA"));
        settings.put("db.url", env.get("QUANTRAC_TEST_DB_URL"));
        settings.put("db.user", env.get("QUANTRAC_TEST_DB_USER"));
        settings.put("db.password", env.get("QUANTRAC_TEST_DB_PASSWORD"));
        settings.put("processor.ops.port", "9403");
        settings.put("connectors.mqtt.serverUri", env.get("QUANTRAC_TEST_MQTT"));
        settings.put("connectors.mqtt.password", credentials.getProperty("quantrac-connector"));
        settings.put("connectors.mqtt.clientId", "quantrac-demo-connector");
        settings.put("connectors.ops.port", "9102");
        settings.put("simulator.mqtt.serverUri", env.get("QUANTRAC_TEST_MQTT"));
        settings.put("simulator.credentialsFile", env.get("QUANTRAC_TEST_MQTT_CREDENTIALS"));
        settings.put("simulator.mqtt.clientIdPrefix", "quantrac-demo-sim");
        settings.put("simulator.seed", Long.toString(seed));
        // Stations that the catalog puts on OPC UA or FTP files publish over MQTT here (JSON or TT10 text).
        settings.put("simulator.protocol", "mqtt");

        StationCatalog catalog = StationCatalog.builtIn();
        System.out.println("[demo 2/5] starting the stream processor (migrates the database)…");
        ProcessorApp processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(settings)), catalog,
                OpsServer.newRegistry());
        ConnectorsApp connectors = null;
        try {
            System.out.println("[demo 3/5] starting the station connectors…");
            connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(settings)), catalog,
                    OpsServer.newRegistry());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            System.out.printf("[demo 4/5] backfilling %d hours of history for %d stations…%n", historyHours,
                    catalog.size());
            Map<String, String> backfill = new HashMap<>(settings);
            backfill.put("simulator.from", now.minus(Duration.ofHours(historyHours)).toString());
            backfill.put("simulator.to", now.toString());
            GroundTruth history = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(backfill)), catalog);
            System.out.printf("           %,d readings published (%d failed)%n", history.readingsSent(),
                    history.observationsFailed());

            Map<String, String> live = new HashMap<>(settings);
            live.put("simulator.mode", "real-time");
            live.put("simulator.mqtt.clientIdPrefix", "quantrac-demo-live");
            try (SimulatorApp simulator = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(live)), catalog)) {
                printHowToLook(env);
                waitForStop(env, simulator);
            }
        } finally {
            // Stop in data-flow order so nothing in flight is cut off: sources first, the sink last.
            if (connectors != null) {
                connectors.close();
            }
            processor.close();
        }
        System.out.println("[demo] stopped cleanly; the services keep running (`./quantrac services down` stops them)");
        return 0;
    }

    private void printHowToLook(Map<String, String> env) {
        String url = env.get("QUANTRAC_TEST_DB_URL").replace("jdbc:postgresql://", "");
        String psql = "psql postgresql://" + env.get("QUANTRAC_TEST_DB_USER") + ":"
                + env.get("QUANTRAC_TEST_DB_PASSWORD") + "@" + url;
        System.out.println("[demo 5/5] live: 140 stations publishing in real time. Look at the data with:");
        System.out.println("  " + psql + " -c \"SELECT s.code, p.symbol, r.time AT TIME ZONE 'Asia/Ho_Chi_Minh' "
                + "AS local_time, r.value, p.unit FROM reading r JOIN station s ON s.id = r.station_id JOIN parameter p"
                + " ON p.id = r.parameter_id WHERE s.code = 'QN-AQ-01' ORDER BY r.time DESC LIMIT 15\"");
        System.out.println("  metrics: http://127.0.0.1:9102/metrics (connectors), http://127.0.0.1:9403/metrics"
                + " (processor)");
        System.out.println("  Ctrl-C stops the demo.");
    }

    private void waitForStop(Map<String, String> env, SimulatorApp simulator) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = minutes > 0 ? System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes) : Long.MAX_VALUE;
        while (!stop.await(30, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            System.out.printf("[demo] %,d readings stored, %,d published live%n", storedRows(env),
                    simulator.truth().readingsSent());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyStopping) {
            // the JVM is shutting down because of Ctrl-C: the try-with-resources above still close every role
        }
    }

    private static long storedRows(Map<String, String> env) {
        try (Connection c = DriverManager.getConnection(env.get("QUANTRAC_TEST_DB_URL"),
                env.get("QUANTRAC_TEST_DB_USER"), env.get("QUANTRAC_TEST_DB_PASSWORD"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Runs {@code services.sh up} (progress goes to the terminal) and returns the variables it prints. */
    static Map<String, String> servicesUp(Path home) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("bash", home.resolve("scripts/services.sh").toString(), "up"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).directory(home.toFile()).start();
        Map<String, String> env = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.startsWith("export ") ? line.substring(7) : line;
                int eq = l.indexOf('=');
                if (eq > 0) {
                    env.put(l.substring(0, eq).trim(), unquote(l.substring(eq + 1).trim()));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`./quantrac services up` failed (exit " + p.exitValue()
                    + "); its messages above say which service and where its log is");
        }
        return env;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
