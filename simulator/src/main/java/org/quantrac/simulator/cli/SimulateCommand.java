package org.quantrac.simulator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.config.TimeMode;
import org.quantrac.simulator.truth.GroundTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quantrac simulate}: plays the station network. Options override the config file and the
 * {@code QUANTRAC_SIMULATOR_*} environment variables.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate the monitoring stations: realistic signals over MQTT (JSON or Circular 10/2021 text).",
                "With --from and --to: produce that simulated period as fast as possible (backfill), write the",
                "ground truth and exit. Otherwise run in real time (or --speed X faster) until Ctrl-C."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (keys simulator.*)")
    Path config;

    @Option(names = "--stations", paramLabel = "all|N|CODES", description = "all, the first N, or CODE,CODE…")
    String stations;

    @Option(names = "--protocol", paramLabel = "mqtt|tt10|files|opcua|mixed",
            description = "force one transport for every station; mixed = as in the catalog")
    String protocol;

    @Option(names = "--connection", paramLabel = "per-station|multiplexed",
            description = "one MQTT connection per station (own credentials) or shared gateway connections")
    String connection;

    @Option(names = "--speed", paramLabel = "X", description = "simulated seconds per wall-clock second")
    Double speed;

    @Option(names = "--seed", paramLabel = "S", description = "random seed: the same seed gives the same readings")
    Long seed;

    @Option(names = "--from", paramLabel = "TIME", description = "start of the simulated period, ISO 8601 with offset")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the simulated period (exclusive)")
    String to;

    @Option(names = "--truth", paramLabel = "FILE", description = "write the ground truth (what was sent) as JSON")
    Path truth;

    @Option(names = "--scenario", paramLabel = "FILE", description = "scenario YAML (faults, episodes); see"
            + " docs/scenarios.md")
    Path scenario;

    @Option(names = "--fault", paramLabel = "SPEC", description = "a fault as key=value words, e.g."
            + " \"type=offline stations=QN-AQ-01 at=+10m duration=30m\" (repeatable; see docs/scenarios.md)")
    java.util.List<String> faults;

    @Option(names = "--catalog", paramLabel = "FILE", description = "station catalog YAML instead of the built-in one")
    Path catalog;

    @Option(names = "--credentials", paramLabel = "FILE", description = "MQTT user=password file")
    Path credentials;

    @Option(names = "--mqtt", paramLabel = "URI", description = "MQTT broker, e.g. tcp://127.0.0.1:18830")
    String mqtt;

    /** The command line as configuration: it overrides the file and the environment. */
    Map<String, String> overrides() {
        Map<String, String> m = new HashMap<>();
        put(m, "simulator.stations", stations);
        put(m, "simulator.protocol", protocol);
        put(m, "simulator.mqtt.connection", connection);
        put(m, "simulator.speed", speed);
        put(m, "simulator.seed", seed);
        put(m, "simulator.from", from);
        put(m, "simulator.to", to);
        put(m, "simulator.truthFile", truth);
        put(m, "simulator.scenario", scenario);
        put(m, "simulator.faults", faults == null ? null : String.join(";", faults));
        put(m, "simulator.credentialsFile", credentials);
        put(m, "simulator.mqtt.serverUri", mqtt);
        return m;
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(ConfigSource.envName(key), value.toString());
        }
    }

    /** File, then environment, then command line: the command line is passed as environment entries on top. */
    SimulatorConfig configuration(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(overrides());
        return SimulatorConfig.from(ConfigSource.load(Optional.ofNullable(config), env));
    }

    @Override
    public Integer call() throws Exception {
        SimulatorConfig cfg = configuration(System.getenv());
        StationCatalog stationCatalog = catalog == null ? StationCatalog.builtIn()
                : StationCatalog.load(catalog, ParameterCatalog.builtIn());
        if (cfg.mode() == TimeMode.BACKFILL) {
            GroundTruth t = SimulatorApp.run(cfg, stationCatalog);
            System.out.printf(Locale.ROOT, "%d observations (%d readings) delivered, %d failed%s%n",
                    t.observationsSent(), t.readingsSent(), t.observationsFailed(),
                    cfg.truthFile().map(f -> "; ground truth in " + f).orElse(""));
            return t.observationsFailed() == 0 ? 0 : 1;
        }
        SimulatorApp app = SimulatorApp.start(cfg, stationCatalog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        if (cfg.to().isPresent()) {
            app.awaitFinished(Duration.ofDays(3650));
            app.close();
            return app.truth().observationsFailed() == 0 ? 0 : 1;
        }
        stopped.await();
        return 0;
    }
}
