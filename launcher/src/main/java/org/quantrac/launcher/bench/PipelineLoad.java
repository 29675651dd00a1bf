package org.quantrac.launcher.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.config.SimulatorConfig;

/**
 * What {@code ./quantrac bench pipeline} offers and how.
 *
 * @param stations        synthetic stations
 * @param parameters      per station
 * @param interval        sampling interval; ignored when {@code max}
 * @param duration        offered period: wall time at a fixed rate, simulated time at max rate
 * @param max             offer as fast as the pipeline accepts (backfill) instead of in real time
 * @param perMessage      observations of a station packed into one MQTT message (1 = one per message)
 * @param mqttClient      the connector's MQTT client and protocol: {@code hivemq} (MQTT 5, the connector's default),
 *                        {@code paho5} (Paho, MQTT 5), {@code paho} or {@code vertx} (MQTT 3.1.1)
 * @param alerting        run alerting beside the processor (its latency is measured at a fixed rate)
 * @param warmup          time offered through the same pipeline, stored and checked, before the measured period, so
 *                        that rate and latency are the steady state and not the JIT compiling the pipeline's code on
 *                        the same two cores; at max rate simulated time a day earlier than the measured period (so
 *                        into another day chunk), at a fixed rate the first part of the run; zero for none
 * @param simulatorClient the load generator's MQTT client: {@code paho} (MQTT 5) or {@code vertx} (MQTT 3.1.1)
 * @param maxLead         max rate only: observations the load may run ahead of the records the processor has stored
 *                        (0: no bound, the simulator publishes as fast as the broker acknowledges)
 * @param settings        configuration keys of the processor, connectors or simulator ({@code --set}), applied over the
 *                        bench's own; checked before anything runs (an unknown key or a bad value stops the run)
 */
public record PipelineLoad(int stations, int parameters, Duration interval, Duration duration, boolean max,
                           int perMessage, String mqttClient, boolean alerting, Duration warmup,
                           String simulatorClient, long maxLead, Map<String, String> settings) {

    /** Prefixes of the keys {@code --set} may change: the roles the bench runs. */
    static final List<String> SETTABLE = List.of("processor.", "connectors.", "simulator.");

    /** The connector's own default: HiveMQ's client on MQTT 5. */
    public static final String DEFAULT_CONNECTOR_CLIENT = "hivemq";

    public PipelineLoad {
        if (!List.of("hivemq", "paho5", "paho", "vertx").contains(mqttClient)) {
            throw new IllegalArgumentException("--mqtt-client takes hivemq, paho5, paho or vertx, not " + mqttClient);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup is a period of zero or more, not " + warmup);
        }
        if (!simulatorClient.equals("paho") && !simulatorClient.equals("vertx")) {
            throw new IllegalArgumentException("--simulator-client takes paho or vertx, not " + simulatorClient);
        }
        if (maxLead < 0 || (!max && maxLead > 0)) {
            throw new IllegalArgumentException("--max-lead is a number of observations, 0 or more, with --rate max only");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (SETTABLE.stream().noneMatch(e.getKey()::startsWith)) {
                throw new IllegalArgumentException("--set " + e.getKey() + ": only keys of the processor, connectors"
                        + " and simulator (processor.…, connectors.…, simulator.…) can be set");
            }
        }
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * Reads the three roles' configurations once from the bench's full settings (its own plus these), so that a
     * {@code --set} key no role reads (a typo) or a bad value stops the run before anything is created, as it would
     * stop the role itself ({@link org.quantrac.core.config.ConfigException}).
     */
    void checkSettings(Map<String, String> all) {
        if (settings.isEmpty()) {
            return;
        }
        ConfigSource source = ConfigSource.of(all);
        ProcessorConfig.from(source);
        ConnectorsConfig.from(source);
        SimulatorConfig.from(source);
        for (String key : settings.keySet()) {
            if (!source.wasRead(key)) {
                throw new IllegalArgumentException("--set " + key + ": no such key in the processor's, connectors' or"
                        + " simulator's configuration (docs/processor.md, docs/connectors.md, docs/scenarios.md)");
            }
        }
    }
}
