package org.quantrac.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.quantrac.connectors.cli.DurationConverter;
import org.quantrac.core.config.ConfigException;
import org.quantrac.launcher.bench.PipelineBench;
import org.quantrac.launcher.bench.PipelineLoad;
import org.quantrac.launcher.bench.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./quantrac bench pipeline}: station to database on the real services, checked against the ground truth. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Simulator (scale mode) → Mosquitto → connectors → Kafka → processor → TimescaleDB at a fixed",
                "offered load (--interval) or as fast as the pipeline accepts (--rate max), drained, then every stored",
                "row checked against what was sent. Prints one JSON line: stations, published, stored, lost, wrong,",
                "readings_per_s, latency_ms_p50, latency_ms_p99, sink_rows_per_s, ratio.",
                "At --rate max the simulator computes every observation before it publishes the first (at most",
                "3,000,000 observations: stations × seconds of --duration)."})
final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--stations", defaultValue = "1400", description = "synthetic stations (default ${DEFAULT-VALUE})")
    int stations;

    @Option(names = "--parameters", defaultValue = "10", description = "parameters per station (default ${DEFAULT-VALUE})")
    int parameters;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "each station's sampling interval (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--rate", description = "`max`: offer as much as the pipeline accepts instead of --interval")
    String rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "offered period (default ${DEFAULT-VALUE}); with --rate max, simulated time at 1 s sampling")
    Duration duration;

    @Option(names = "--observations-per-message", defaultValue = "1", paramLabel = "N",
            description = {"pack up to N consecutive observations of a station into one MQTT message, as a datalogger",
                    "uploading its backlog does (JSON array; docs/station-protocol.md); default ${DEFAULT-VALUE}"})
    int perMessage;

    @Option(names = "--mqtt-client", paramLabel = "hivemq|paho5|paho|vertx", defaultValue = "hivemq",
            description = {"the connector's MQTT client (connectors.mqtt.client and protocolVersion): hivemq (MQTT 5,",
                    "the connector's default), paho5 (Paho, MQTT 5), paho or vertx (MQTT 3.1.1); default ${DEFAULT-VALUE}"})
    String mqttClient;

    @Option(names = "--alerting", arity = "1", paramLabel = "true|false",
            description = {"run alerting beside the processor on the bench topic (default: true at a fixed rate, where",
                    "alert_latency_ms_p99 is measured; false at --rate max, where the issue's pipeline ends at the",
                    "database and alerting would be one more consumer of the same two cores)"})
    Boolean alerting;

    @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "PERIOD",
            description = {"time offered through the same pipeline before the measured period, stored and checked",
                    "like it, left out of readings_per_s and the latencies, so that they are the steady state and not",
                    "the JIT compiling a cold pipeline on the same cores: at --rate max simulated time one day",
                    "earlier (another day chunk), at a fixed rate the run's first PERIOD (default 0s: none)"})
    Duration warmup;

    @Option(names = "--simulator-client", paramLabel = "paho|vertx",
            description = {"the load generator's MQTT client: vertx (MQTT 3.1.1; default at --rate max, where the",
                    "simulator shares the two cores with the pipeline it measures and Paho's threads cost it a third",
                    "more CPU per publish) or paho (MQTT 5; default at a fixed rate)"})
    String simulatorClient;

    @Option(names = "--max-lead", paramLabel = "N", defaultValue = "0",
            description = {"--rate max only: publish at most N observations ahead of what the processor has stored",
                    "(default 0: no bound; the simulator then runs ahead into the broker's queue)"})
    long maxLead;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = {"a processor, connectors or simulator configuration key for this run, over the bench's own",
                    "settings (repeatable), e.g. --set processor.consumers=2; echoed in the JSON line's \"settings\";",
                    "an unknown key or a bad value stops the run before it starts"})
    Map<String, String> set;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (rate != null && !rate.equals("max")) {
            System.err.println("bench pipeline: --rate takes only `max` (use --interval for a fixed load)");
            return 2;
        }
        if (perMessage < 1 || perMessage > 50) {
            System.err.println("bench pipeline: --observations-per-message takes 1 to 50 (a message must stay under the"
                    + " connector's 64 KiB limit)");
            return 2;
        }
        boolean withAlerting = alerting != null ? alerting : rate == null;
        PipelineLoad load;
        try {
            load = new PipelineLoad(stations, parameters, interval, duration, rate != null, perMessage, mqttClient,
                    withAlerting, warmup != null ? warmup : Duration.ZERO,
                    simulatorClient != null ? simulatorClient : rate != null ? "vertx" : "paho",
                    maxLead, set != null ? set : Map.of());
        } catch (IllegalArgumentException e) {
            System.err.println("bench pipeline: " + e.getMessage());
            return 2;
        }
        Path home = Path.of(System.getProperty("quantrac.home", "."));
        RunningServices services = RunningServices.up(home);
        Map<String, String> settings = services.settings();
        settings.put("simulator.mqtt.password", services.mqttCredentials().getProperty("quantrac-gateway"));
        if (!json) {
            System.err.printf("bench pipeline: %d stations × %d parameters, %s for %s%n", stations, parameters,
                    rate != null ? "max rate" : "every " + interval, duration);
        }
        PipelineResult result;
        try {
            result = PipelineBench.run(load, settings);
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println("bench pipeline: " + e.getMessage());
            return 2;
        }
        System.out.println(result.toJson());
        return result.lost() == 0 && result.wrong() == 0 ? 0 : 1;
    }
}
