package org.quantrac.launcher.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pipeline benchmark run; {@link #toJson()} is the contract of {@code ./quantrac bench pipeline}.
 *
 * @param lost  sent but not stored
 * @param wrong stored but not sent as such (unknown identity or another value)
 * @param alertsOpened      alerts opened by alerting during the run (the bench rule, see BenchAlerts); null when
 *                          alerting did not run
 * @param alertLatencyMsP99 measurement time to alert stored, p99 over those openings
 * @param stagesMs          fixed rate only (else null), diagnostics: measurement time to connector received p50, p99,
 *                          and to readable in Kafka p50, p99 (see StageProbe)
 * @param observationsPerMessage observations of a station the simulator packed into one MQTT message
 * @param loadPrepared      the simulator computed every observation before publishing the first (--rate max), so the
 *                          signal model did not compete with the pipeline for the CPU
 * @param warmupReadings    readings of the warm-up period before the measured one (max rate: sent; fixed rate: stored
 *                          with a measurement time before the measured period): included in published,
 *                          stored, lost and wrong, not in the rate or the latencies
 * @param simulatorClient   the load generator's MQTT client ({@code paho}: MQTT 5, {@code vertx}: MQTT 3.1.1)
 * @param connectorClient   the connector's MQTT client and protocol ({@code hivemq}, {@code paho5}: MQTT 5;
 *                          {@code paho}, {@code vertx}: MQTT 3.1.1)
 * @param maxLead           max rate: observations the load could run ahead of the stored records (0: no bound)
 * @param settings          the keys given with {@code --set} (empty when none)
 */
public record PipelineResult(int stations, long published, long failed, long stored, long lost, long wrong,
                             double readingsPerS, Double latencyMsP50, Double latencyMsP99, double sinkRowsPerS,
                             Long alertsOpened, Double alertLatencyMsP99, double[] stagesMs,
                             int observationsPerMessage, boolean loadPrepared, long warmupReadings,
                             String simulatorClient, String connectorClient, long maxLead,
                             Map<String, String> settings) {

    public double ratio() {
        return sinkRowsPerS > 0 ? readingsPerS / sinkRowsPerS : 0;
    }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"stations\":%d,\"published\":%d,\"publish_failed\":%d,\"stored\":%d,"
                        + "\"lost\":%d,\"wrong\":%d,\"readings_per_s\":%.0f,\"latency_ms_p50\":%s,"
                        + "\"latency_ms_p99\":%s,\"sink_rows_per_s\":%.0f,\"ratio\":%.3f,\"alerting\":%b,\"alerts_opened\":%s,"
                        + "\"alert_latency_ms_p99\":%s,\"received_ms_p50\":%s,\"received_ms_p99\":%s,"
                        + "\"in_kafka_ms_p50\":%s,\"in_kafka_ms_p99\":%s,\"observations_per_message\":%d,\"load_prepared\":%b,"
                        + "\"warmup_readings\":%d,\"simulator_client\":\"%s\","
                        + "\"connector_client\":\"%s\",\"max_lead\":%d,\"settings\":%s}",
                stations, published, failed, stored, lost, wrong, readingsPerS, PipelineBench.num(latencyMsP50),
                PipelineBench.num(latencyMsP99), sinkRowsPerS, ratio(), alertsOpened != null,
                alertsOpened == null ? "null" : alertsOpened.toString(),
                PipelineBench.num(alertLatencyMsP99), stage(0), stage(1), stage(2), stage(3), observationsPerMessage,
                loadPrepared, warmupReadings, simulatorClient, connectorClient, maxLead, settingsJson());
    }

    private String settingsJson() {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(settings).forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"')
                .append(escape(k)).append("\":\"").append(escape(v)).append('"'));
        return json.append('}').toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private String stage(int i) {
        return stagesMs == null || Double.isNaN(stagesMs[i]) ? "null" : PipelineBench.num(stagesMs[i]);
    }

    static final class Builder {
        int stations;
        long published;
        long failed;
        long stored;
        long lost;
        long wrong;
        double readingsPerS;
        Double latencyP50;
        Double latencyP99;
        double sinkRowsPerS;
        Long alertsOpened;
        Double alertLatencyP99;
        double[] stages;
        int observationsPerMessage = 1;
        boolean loadPrepared;
        long warmupReadings;
        String simulatorClient = "paho";
        String connectorClient = PipelineLoad.DEFAULT_CONNECTOR_CLIENT;
        long maxLead;
        Map<String, String> settings = Map.of();

        PipelineResult build() {
            return new PipelineResult(stations, published, failed, stored, lost, wrong, readingsPerS, latencyP50,
                    latencyP99, sinkRowsPerS, alertsOpened, alertLatencyP99, stages, observationsPerMessage,
                    loadPrepared, warmupReadings, simulatorClient, connectorClient, maxLead, settings);
        }
    }
}
