package org.quantrac.launcher.bench;

import java.time.Duration;

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
 * @param warmup          max rate only: simulated time offered through the same pipeline, stored and checked, before
 *                        the measured period (and a day earlier than it, so into another day chunk), so that the rate
 *                        is the steady state and not the JIT compiling the pipeline's code on the same two cores;
 *                        zero for none
 * @param simulatorClient the load generator's MQTT client: {@code paho} (MQTT 5) or {@code vertx} (MQTT 3.1.1)
 */
public record PipelineLoad(int stations, int parameters, Duration interval, Duration duration, boolean max,
                           int perMessage, String mqttClient, boolean alerting, Duration warmup,
                           String simulatorClient) {

    /** The connector's own default: HiveMQ's client on MQTT 5. */
    public static final String DEFAULT_CONNECTOR_CLIENT = "hivemq";

    public PipelineLoad {
        if (!java.util.List.of("hivemq", "paho5", "paho", "vertx").contains(mqttClient)) {
            throw new IllegalArgumentException("--mqtt-client takes hivemq, paho5, paho or vertx, not " + mqttClient);
        }
        if (warmup.isNegative() || (!max && !warmup.isZero())) {
            throw new IllegalArgumentException("--warmup is a period of zero or more, with --rate max only");
        }
        if (!simulatorClient.equals("paho") && !simulatorClient.equals("vertx")) {
            throw new IllegalArgumentException("--simulator-client takes paho or vertx, not " + simulatorClient);
        }
    }
}
