package org.quantrac.processor.rollup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quantrac.core.ops.ExecutorStop;
import org.quantrac.processor.sink.TransientSqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rollup worker every {@code processor.rollup.interval} on its own thread. A failed run leaves its marks in
 * the database and is simply tried again at the next interval; failures are counted and logged (once a minute).
 */
public final class RollupScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RollupScheduler.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final RollupWorker worker;
    private final ScheduledExecutorService executor;
    private final Counter hours;
    private final Counter failures;
    private long lastFailureLog = Long.MIN_VALUE;

    public RollupScheduler(RollupWorker worker, RollupConfig config, MeterRegistry registry) {
        this.worker = worker;
        this.hours = Counter.builder("quantrac.processor.rollup.hours")
                .description("(station, hour) pairs recomputed by the rollup worker").register(registry);
        this.failures = Counter.builder("quantrac.processor.rollup.failures")
                .description("Rollup runs that failed (retried at the next interval)").register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-rollup");
            t.setDaemon(true);
            return t;
        });
        long ms = config.interval().toMillis();
        executor.scheduleWithFixedDelay(this::run, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            hours.increment(worker.drain());
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            if (lastFailureLog == Long.MIN_VALUE || System.nanoTime() - lastFailureLog >= LOG_EVERY_NANOS) {
                lastFailureLog = System.nanoTime();
                boolean transientError = e instanceof SQLException sql && TransientSqlErrors.isTransient(sql);
                if (transientError) {
                    LOG.warn("Rollup run failed, retrying at the next interval: {}", e.getMessage());
                } else {
                    LOG.error("Rollup run failed (will retry at the next interval): {}", e.getMessage(), e);
                }
            }
        }
    }

    /** Stops after the run in progress, if any. */
    @Override
    public void close() {
        ExecutorStop.await(executor, Duration.ofSeconds(30));
    }
}
