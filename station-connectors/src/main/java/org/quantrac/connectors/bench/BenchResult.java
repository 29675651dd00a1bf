package org.quantrac.connectors.bench;

import java.util.Locale;

/**
 * What a benchmark run measured.
 *
 * @param published     observations the stations published (PUBACK received)
 * @param accepted      observations that reached the readings topic
 * @param dlq           dead letters written (0 unless something is wrong)
 * @param readingsPerS  accepted values (observations × parameters) per second of publishing
 * @param latencyMsP50  publish → Kafka append (LogAppendTime), median
 * @param latencyMsP99  same, 99th percentile
 */
public record BenchResult(int stations, long intervalMs, double durationS, long published, long accepted, long dlq,
                          double offeredPerS, double observationsPerS, double readingsPerS, double latencyMsP50,
                          double latencyMsP99, double latencyMsMax) {

    /** One JSON line. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"stations\":%d,\"interval_ms\":%d,\"duration_s\":%.1f,\"published\":%d,"
                        + "\"accepted\":%d,\"dlq\":%d,\"offered_per_s\":%.1f,\"observations_per_s\":%.1f,"
                        + "\"readings_per_s\":%.1f,\"latency_ms_p50\":%.1f,\"latency_ms_p99\":%.1f,"
                        + "\"latency_ms_max\":%.1f}",
                stations, intervalMs, durationS, published, accepted, dlq, offeredPerS, observationsPerS, readingsPerS,
                latencyMsP50, latencyMsP99, latencyMsMax);
    }
}
