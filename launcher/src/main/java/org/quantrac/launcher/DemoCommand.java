package org.quantrac.launcher;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quantrac.alerting.AlertingApp;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.PortalApp;
import org.quantrac.portal.auth.PasswordHasher;
import org.quantrac.portal.config.PortalConfig;
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

    private static final String SCHEMA = "demo";

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
        RunningServices services = RunningServices.up(home);
        Map<String, String> settings = new HashMap<>(services.settings());
        // The demo's tables live in their own schema, so the demo never mixes with a role run on the same database
        // and `./quantrac services reset` is not needed to start over (DROP SCHEMA demo CASCADE is).
        settings.put("db.url", settings.get("db.url") + "?currentSchema=" + SCHEMA + ",public");
        settings.put("processor.schema", SCHEMA);
        settings.put("alerting.schema", SCHEMA);
        settings.put("processor.ops.port", "9403");
        settings.put("connectors.mqtt.clientId", "quantrac-demo-connector");
        // One connector: a plain subscription survives a Mosquitto restart (see docs/connectors.md).
        settings.put("connectors.mqtt.shareGroup", "none");
        settings.put("connectors.ops.port", "9102");
        settings.put("simulator.mqtt.clientIdPrefix", "quantrac-demo-sim");
        settings.put("simulator.seed", Long.toString(seed));
        // Stations that the catalog puts on OPC UA or FTP files publish over MQTT here (JSON or TT10 text).
        settings.put("simulator.protocol", "mqtt");

        StationCatalog catalog = StationCatalog.builtIn();
        System.out.println("[demo 2/5] starting the stream processor and alerting (migrates the database)…");
        ProcessorApp processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(settings)), catalog,
                OpsServer.newRegistry());
        ConnectorsApp connectors = null;
        AlertingApp alerting = null;
        PortalApp portal = null;
        String apiToken = newToken();
        String technicianPassword = newToken().substring(0, 12);
        settings.put("alerting.api.token", apiToken);
        settings.put("portal.alerting.url", "http://127.0.0.1:9405");
        settings.put("portal.alerting.token", apiToken);
        settings.put("portal.auth.users", "technician:TECHNICIAN:"
                + PasswordHasher.hash(technicianPassword.toCharArray()));
        try {
            alerting = AlertingApp.start(AlertingConfig.from(ConfigSource.of(settings)), catalog,
                    OpsServer.newRegistry());
            portal = PortalApp.start(PortalConfig.from(ConfigSource.of(settings)), catalog, OpsServer.newRegistry());
            System.out.println("[demo 3/5] starting the station connectors…");
            connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(settings)), catalog,
                    OpsServer.newRegistry());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            System.out.printf("[demo 4/5] backfilling %d hours of history for %d stations…%n", historyHours,
                    catalog.size());
            Map<String, String> backfill = new HashMap<>(settings);
            backfill.put("simulator.from", now.minus(Duration.ofHours(historyHours)).toString());
            backfill.put("simulator.to", now.toString());
            backfill.put("simulator.keepReadings", "false"); // the demo needs counts, not every reading in memory
            GroundTruth history = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(backfill)), catalog);
            System.out.printf("           %,d readings published (%d failed)%n", history.readingsSent(),
                    history.observationsFailed());

            Map<String, String> live = new HashMap<>(settings);
            live.put("simulator.mode", "real-time");
            live.put("simulator.mqtt.clientIdPrefix", "quantrac-demo-live");
            try (SimulatorApp simulator = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(live)), catalog)) {
                printHowToLook(services, apiToken, portal.port(), technicianPassword);
                waitForStop(services, simulator);
            }
        } finally {
            // Stop in data-flow order so nothing in flight is cut off: sources first, the sink last.
            if (connectors != null) {
                connectors.close();
            }
            if (portal != null) {
                portal.close();
            }
            if (alerting != null) {
                alerting.close();
            }
            processor.close();
        }
        System.out.println("[demo] stopped cleanly; the services keep running (`./quantrac services down` stops them)");
        return 0;
    }

    private static String newToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void printHowToLook(RunningServices services, String apiToken, int portalPort,
                                String technicianPassword) {
        String psql = services.psql() + "?options=-csearch_path%3D" + SCHEMA + ",public";
        System.out.println("[demo 5/5] live: 140 stations publishing in real time.");
        System.out.println("  dashboard:  http://127.0.0.1:" + portalPort + "/");
        System.out.println("  technician: http://127.0.0.1:" + portalPort + "/#/tech  (user technician, password "
                + technicianPassword + ")");
        System.out.println("  open data:  http://127.0.0.1:" + portalPort + "/api/v1/stations  (API docs: /api/v1/docs/)");
        System.out.println("  the database directly:");
        System.out.println("  " + psql + " -c \"SELECT s.code, p.symbol, r.time AT TIME ZONE 'Asia/Ho_Chi_Minh' "
                + "AS local_time, r.value, p.unit FROM reading r JOIN station s ON s.id = r.station_id JOIN parameter p"
                + " ON p.id = r.parameter_id WHERE s.code = 'QN-AQ-01' ORDER BY r.time DESC LIMIT 15\"");
        System.out.println("  metrics: http://127.0.0.1:9102/metrics (connectors), http://127.0.0.1:9403/metrics"
                + " (processor)");
        System.out.println("  alerts: curl -H 'Authorization: Bearer " + apiToken
                + "' http://127.0.0.1:9405/api/v1/alerts");
        System.out.println("  Ctrl-C stops the demo.");
    }

    private void waitForStop(RunningServices services, SimulatorApp simulator) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = minutes > 0 ? System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes) : Long.MAX_VALUE;
        while (!stop.await(30, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            System.out.printf("[demo] %,d readings stored, %,d published live%n", storedRows(services.env()),
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
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".reading")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
