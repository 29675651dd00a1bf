package org.quantrac.processor.sink;

import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database action, retrying transient failures with exponential backoff (250 ms doubling to 10 s) until a
 * deadline; then, or on any other error, it gives up with the last exception so the processor fails and its
 * orchestrator restarts it. Nothing is lost by giving up: only what was committed has its offsets stored.
 */
public final class TransientRetry {

    private static final Logger LOG = LoggerFactory.getLogger(TransientRetry.class);
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 10_000;

    /** A database action. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws SQLException;
    }

    private final Duration giveUpAfter;
    private final Runnable onRetry;

    /** @param onRetry called before each retry (metrics) */
    public TransientRetry(Duration giveUpAfter, Runnable onRetry) {
        this.giveUpAfter = giveUpAfter;
        this.onRetry = onRetry;
    }

    /**
     * @param what for messages, e.g. "writing a batch"
     * @throws SQLException the last error once it is not transient or the deadline passed
     * @throws InterruptedException when the processor is being closed during a backoff
     */
    public <T> T run(String what, Action<T> action) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        int attempt = 1;
        while (true) {
            try {
                T result = action.run();
                if (attempt > 1) {
                    LOG.info("Database is back: {} succeeded at attempt {}", what, attempt);
                }
                return result;
            } catch (SQLException e) {
                long left = deadline - System.nanoTime();
                if (!TransientSqlErrors.isTransient(e) || left <= 0) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warn("Transient database error while {} (SQLSTATE {}: {}); retrying for up to {}", what,
                            e.getSQLState(), e.getMessage(), giveUpAfter);
                }
                onRetry.run();
                Thread.sleep(Math.min(backoff, Math.max(1, left / 1_000_000)));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                attempt++;
            }
        }
    }
}
