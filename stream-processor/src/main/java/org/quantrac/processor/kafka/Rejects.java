package org.quantrac.processor.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts input that is consumed but not stored, and logs it at most once a minute per reason: a misconfigured
 * connector can send thousands a second, and the counters already carry the volume.
 */
public final class Rejects {

    private static final Logger LOG = LoggerFactory.getLogger(Rejects.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Counter undecodable;
    private final Counter unknownStation;
    private final Counter unknownParameter;
    private long lastUndecodableLog = Long.MIN_VALUE;
    private long lastStationLog = Long.MIN_VALUE;
    private long lastParameterLog = Long.MIN_VALUE;

    public Rejects(MeterRegistry registry) {
        this.undecodable = counter(registry, "undecodable");
        this.unknownStation = counter(registry, "unknown_station");
        this.unknownParameter = counter(registry, "unknown_parameter");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder("quantrac.processor.readings.rejected")
                .description("Readings consumed but not stored, by reason")
                .tag("reason", reason).register(registry);
    }

    synchronized void undecodable(String detail) {
        undecodable.increment();
        if (due(lastUndecodableLog)) {
            lastUndecodableLog = System.nanoTime();
            LOG.warn("Skipping a record that is not an Observation ({}); {} so far", detail,
                    (long) undecodable.count());
        }
    }

    synchronized void unknownStation(int stationId, int measurements) {
        unknownStation.increment(Math.max(1, measurements));
        if (due(lastStationLog)) {
            lastStationLog = System.nanoTime();
            LOG.warn("Skipping readings of unknown [station: {}] (not in the catalog); {} so far", stationId,
                    (long) unknownStation.count());
        }
    }

    synchronized void unknownParameter(int stationId, int parameterId) {
        unknownParameter.increment();
        if (due(lastParameterLog)) {
            lastParameterLog = System.nanoTime();
            LOG.warn("Skipping a reading of unknown [parameter: {}] from [station: {}]; {} so far", parameterId,
                    stationId, (long) unknownParameter.count());
        }
    }

    private static boolean due(long last) {
        return last == Long.MIN_VALUE || System.nanoTime() - last >= LOG_EVERY_NANOS;
    }

    public long total() {
        return (long) (undecodable.count() + unknownStation.count() + unknownParameter.count());
    }
}
