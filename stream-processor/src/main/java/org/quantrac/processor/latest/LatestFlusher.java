package org.quantrac.processor.latest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.quantrac.core.ops.ExecutorStop;
import org.quantrac.core.station.Station;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code reading_latest} up to date: every {@code processor.latestFlush} (longer when flushes are slow, see
 * {@link #nextDelayMs}) one guarded upsert of what the
 * consumer loops recorded ({@link LatestValues}), and, when asked (at start and on every partition assignment), a
 * refresh of every catalog series from {@code reading}.
 *
 * <p>Why its own thread and autocommit statements rather than a statement inside the next batch's transaction: a
 * failing or slow latest write must never hold back or roll back readings (the batch transaction carries the offsets:
 * a failure there would stop ingest or make it retry), an idle processor still flushes its last batch's values, the
 * upsert's row locks are not held for the length of a batch's COPY, and the cost stays one statement per interval
 * however many batches and consumer loops there are. The price is a lag of up to one interval behind {@code reading},
 * and values recorded but not yet flushed when a processor dies: whoever takes its partitions refreshes from
 * {@code reading}, which corrects them.
 *
 * <p>A failed flush puts its rows back and is retried at the next interval (WARN, at most once a minute).
 */
public final class LatestFlusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatestFlusher.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final DataSource dataSource;
    private final LatestValues values;
    private final List<Station> stations;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean refreshWanted = new AtomicBoolean(true);
    private final long intervalMs;
    private final Counter rows;
    private final Counter failures;
    private long lastFailureLog = Long.MIN_VALUE;
    private int failuresSinceLog;

    /** Starts flushing every {@code interval}; the first run refreshes every series of {@code stations}. */
    public LatestFlusher(DataSource dataSource, LatestValues values, Collection<Station> stations, Duration interval,
                         MeterRegistry registry) {
        this.dataSource = dataSource;
        this.values = values;
        this.stations = List.copyOf(stations);
        this.rows = Counter.builder("quantrac.processor.latest.rows")
                .description("Rows upserted into reading_latest (flushes and refreshes)").register(registry);
        this.failures = Counter.builder("quantrac.processor.latest.failures")
                .description("Latest-value flushes or refreshes that failed (retried at the next interval)")
                .register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-latest");
            t.setDaemon(true);
            return t;
        });
        this.intervalMs = interval.toMillis();
        schedule(0);
    }

    /**
     * The wait before the next flush: the configured interval, or nine times what the last one took when that is
     * longer. At the department's scale a flush takes milliseconds; with 100,000 series changing every interval (the
     * 10,000-station benchmark) one upsert takes ~0.5 s, and a fixed 2 s would give a quarter of a core to a
     * convenience table. Waiting longer keeps its share of the time near a tenth, at the price of a longer lag there.
     */
    static long nextDelayMs(long intervalMs, long lastTookMs) {
        return Math.max(intervalMs, 9 * lastTookMs);
    }

    private void schedule(long delayMs) {
        try {
            executor.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Latest-value flush not scheduled: the flusher is stopping");
        }
    }

    private void tick() {
        long start = System.nanoTime();
        runSafely();
        schedule(nextDelayMs(intervalMs, (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Asks for a refresh of every series from {@code reading} (partitions were assigned: their previous owner may
     * have stopped without flushing). Runs soon on the flusher's thread, not on the caller's.
     */
    public void requestRefresh() {
        refreshWanted.set(true);
        try {
            executor.execute(this::runSafely);
        } catch (RejectedExecutionException e) {
            LOG.debug("Latest-value refresh not scheduled: the flusher is stopping");
        }
    }

    private void runSafely() {
        try {
            flushOnce();
        } catch (RuntimeException e) { // NOPMD - a scheduled task that throws is never run again
            failed(e);
        }
    }

    /** One refresh (if wanted) and one flush; failures are logged and left for the next run. */
    void flushOnce() {
        if (refreshWanted.getAndSet(false)) {
            try (Connection c = dataSource.getConnection()) {
                rows.increment(LatestStore.refresh(c, stations));
            } catch (SQLException e) {
                refreshWanted.set(true);
                failed(e);
            }
        }
        LatestValues.Pending pending = values.drain();
        if (pending.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            rows.increment(LatestStore.upsert(c, pending));
        } catch (SQLException | RuntimeException e) {
            values.restore(pending);
            failed(e);
        }
    }

    private synchronized void failed(Exception e) {
        failures.increment();
        failuresSinceLog++;
        long now = System.nanoTime();
        if (lastFailureLog == Long.MIN_VALUE || now - lastFailureLog >= LOG_EVERY_NANOS) {
            LOG.warn("Writing reading_latest failed ({} time(s) since the last report), retrying at the next flush; "
                    + "readings are not affected: {}", failuresSinceLog, e.toString());
            lastFailureLog = now;
            failuresSinceLog = 0;
        }
    }

    /** Stops the schedule and flushes once more (call after the consumer loops stored their last batches). */
    @Override
    public void close() {
        ExecutorStop.await(executor, Duration.ofSeconds(30));
        refreshWanted.set(false);
        runSafely();
    }
}
