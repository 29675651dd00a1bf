package org.quantrac.processor.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Meters of the sink: what was written, how, and how fast. */
public final class SinkMetrics {

    /** The rows/s gauge is recomputed once this much time has passed, so it is a rate, not one batch's burst. */
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;

    private final Counter rowsWritten;
    private final Counter duplicates;
    private final Counter batches;
    private final Counter fallbacks;
    private final Counter retries;
    private final DistributionSummary batchRows;
    private final Timer batchTime;
    private volatile double rowsPerSecond;
    private long windowStartNanos = System.nanoTime();
    private long windowRows;

    public SinkMetrics(MeterRegistry registry) {
        rowsWritten = Counter.builder("quantrac.processor.rows.written")
                .description("Reading rows inserted into the database").register(registry);
        duplicates = Counter.builder("quantrac.processor.rows.duplicate")
                .description("Readings not inserted because the same identity was already stored or repeated")
                .register(registry);
        batches = Counter.builder("quantrac.processor.batches")
                .description("Committed sink transactions").register(registry);
        fallbacks = Counter.builder("quantrac.processor.batches.fallback")
                .description("Batches redone through staging + ON CONFLICT after meeting stored readings")
                .register(registry);
        retries = Counter.builder("quantrac.processor.batches.retried")
                .description("Batch attempts that failed with a transient database error and were retried")
                .register(registry);
        batchRows = DistributionSummary.builder("quantrac.processor.batch.rows")
                .description("Rows per committed batch").serviceLevelObjectives(100, 1000, 5000, 10_000, 50_000)
                .register(registry);
        batchTime = Timer.builder("quantrac.processor.batch.duration")
                .description("Time to write and commit one batch").publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("quantrac.processor.rows.per_second", this, m -> m.rowsPerSecond)
                .description("Rows inserted per second over the last few seconds").register(registry);
    }

    /** Thread-safe: several consumer loops share the meters. */
    public synchronized void committed(SinkResult result, int batchSize, long nanos) {
        rowsWritten.increment(result.rowsInserted());
        duplicates.increment(result.duplicates());
        batches.increment();
        if (result.fallback()) {
            fallbacks.increment();
        }
        batchRows.record(batchSize);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
        windowRows += result.rowsInserted();
        long now = System.nanoTime();
        if (now - windowStartNanos >= RATE_WINDOW_NANOS) {
            rowsPerSecond = windowRows * 1e9 / (now - windowStartNanos);
            windowStartNanos = now;
            windowRows = 0;
        }
    }

    public void retried() {
        retries.increment();
    }

    public long rowsWritten() {
        return (long) rowsWritten.count();
    }

    public long fallbacks() {
        return (long) fallbacks.count();
    }

    public long batches() {
        return (long) batches.count();
    }
}
