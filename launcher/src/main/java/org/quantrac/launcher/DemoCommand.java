package org.quantrac.launcher;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.launcher.embedded.DemoDataDir;
import org.quantrac.launcher.embedded.EmbeddedServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command demo. By default everything runs in this process on a machine with nothing installed: a Kafka
 * node, an MQTT 3.1.1 broker and PostgreSQL (embedded), then connectors, processor, alerting, portal and the
 * 140-station simulator — first the last hours as history, then live — and it says how to look at the data.
 * {@code --with-services} runs the roles on the real services of {@code ./quantrac services} instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline for the 140 catalog stations in one process, nothing to install.",
                "Kafka, an MQTT 3.1.1 broker and PostgreSQL are embedded unless --with-services or --db-url;",
                "backfills the last hours of history, then keeps publishing live until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--history-hours", defaultValue = "6", description = "hours of history to backfill (default 6)")
    int historyHours;

    @Option(names = "--minutes", defaultValue = "0",
            description = "stop after this many minutes of live data (default 0: until Ctrl-C)")
    int minutes;

    @Option(names = "--seed", defaultValue = "42", description = "simulator seed (default 42)")
    long seed;

    @Option(names = "--port", defaultValue = "8080", description = "the dashboard's HTTP port (default 8080)")
    int port;

    @Option(names = "--with-services",
            description = "use the real services of `./quantrac services` (TimescaleDB, Mosquitto, Kafka; installs"
                    + " them on first use) instead of the embedded ones")
    boolean withServices;

    @Option(names = "--db-url", description = "a running TimescaleDB or PostgreSQL (jdbc:postgresql://HOST:PORT/DB)"
            + " instead of the embedded PostgreSQL")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "quantrac", description = "its user (default quantrac)")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "quantrac", description = "its password (default quantrac)")
    String dbPassword;

    @Option(names = "--data-dir", description = "where the embedded servers keep their files (default"
            + " ~/.cache/quantrac/demo); emptied at every start and removed on a clean stop: nothing persists")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        StationCatalog catalog = StationCatalog.builtIn();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("portal.port", Integer.toString(port));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs the JVM's shutdown hooks and then halts: this hook holds the JVM until the roles and the
        // embedded servers below have stopped in order.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        EmbeddedServices embedded = null;
        Path data = null;
        try {
            Map<String, String> services;
            String psql;
            if (withServices) {
                System.out.println("[demo 1/3] starting the services (first run installs them: a few minutes)…");
                RunningServices running = RunningServices.up(Path.of(System.getProperty("quantrac.home", ".")));
                services = new HashMap<>(running.settings());
                psql = running.psql() + "?options=-csearch_path%3D" + DemoPipeline.SCHEMA + ",public";
                if (dbUrl != null) {
                    services.putAll(Map.of("db.url", dbUrl, "db.user", dbUser, "db.password", dbPassword));
                    psql = "psql " + dbUrl.replace("jdbc:", "") + " -U " + dbUser;
                }
            } else {
                data = DemoDataDir.prepare(dataDir != null ? dataDir : DemoDataDir.defaultDir());
                System.out.println("[demo 1/3] starting the embedded servers (data in " + data + ", removed on stop)…");
                Collection<String> codes = catalog.all().stream().map(Station::code).collect(Collectors.toList());
                embedded = EmbeddedServices.start(data, codes, Optional.ofNullable(dbUrl)
                        .map(u -> new EmbeddedServices.ExternalDatabase(u, dbUser, dbPassword)),
                        line -> System.out.println("           " + line));
                services = embedded.settings();
                psql = embedded.psql();
            }
            System.out.printf("[demo 2/3] starting connectors, processor, alerting and portal, then backfilling %d"
                    + " hours of history for %d stations…%n", historyHours, catalog.size());
            try (DemoPipeline demo = DemoPipeline.start(services, overrides, historyHours, seed, !withServices, catalog,
                    line -> System.out.println("           " + line))) {
                printHowToLook(demo, psql, started);
                waitForStop(demo, stop);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            if (data != null) {
                DemoDataDir.remove(data);
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyStopping) {
                // Ctrl-C: the hook is running and now lets the JVM exit
            }
        }
        System.out.println("[demo] stopped cleanly" + (withServices
                ? "; the services keep running (`./quantrac services down` stops them)" : ""));
        return 0;
    }

    private void printHowToLook(DemoPipeline demo, String psql, long startedNanos) {
        int p = demo.portalPort();
        System.out.printf("[demo 3/3] live: 140 stations publishing in real time (ready in %.1f s).%n",
                (System.nanoTime() - startedNanos) / 1e9);
        System.out.println("  dashboard:  http://127.0.0.1:" + p + "/");
        System.out.println("  technician: http://127.0.0.1:" + p + "/#/tech  (user technician, password "
                + demo.technicianPassword() + ")");
        System.out.println("  open data:  http://127.0.0.1:" + p + "/api/v1/stations  (API docs: /api/v1/docs/)");
        System.out.println("  the database directly" + (withServices || dbUrl != null ? "" : " (password postgres)")
                + ":");
        System.out.println("  " + psql + " -c \"SELECT s.code, p.symbol, r.time AT TIME ZONE 'Asia/Ho_Chi_Minh' "
                + "AS local_time, r.value, p.unit FROM " + DemoPipeline.SCHEMA + ".reading r JOIN "
                + DemoPipeline.SCHEMA + ".station s ON s.id = r.station_id JOIN " + DemoPipeline.SCHEMA
                + ".parameter p ON p.id = r.parameter_id WHERE s.code = 'QN-AQ-01' ORDER BY r.time DESC LIMIT 15\"");
        System.out.println("  metrics: http://127.0.0.1:" + demo.connectorsOpsPort() + "/metrics (connectors),"
                + " http://127.0.0.1:" + demo.processorOpsPort() + "/metrics (processor)");
        System.out.println("  alerts: curl -H 'Authorization: Bearer " + demo.apiToken()
                + "' http://127.0.0.1:" + demo.alertingApiPort() + "/api/v1/alerts");
        System.out.println("  Ctrl-C stops the demo.");
    }

    private void waitForStop(DemoPipeline demo, CountDownLatch stop) throws InterruptedException {
        long deadline = minutes > 0 ? System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes) : Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            long wait = Math.min(TimeUnit.SECONDS.toNanos(30), deadline - System.nanoTime());
            if (stop.await(wait, TimeUnit.NANOSECONDS)) {
                System.out.println("[demo] stopping…");
                return;
            }
            System.out.printf("[demo] %,d readings stored, %,d published live%n",
                    demo.storedReadings(Instant.EPOCH, Instant.now().plusSeconds(3600)), demo.liveReadingsSent());
        }
    }
}
