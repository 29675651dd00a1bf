package org.quantrac.core.ops;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started role in the foreground until the JVM is asked to stop (SIGTERM, Ctrl-C: the shutdown hook closes the
 * role) or the role ends by itself. One way for every {@code ./quantrac <role>} command, so they exit alike.
 */
public final class RoleRun {

    private static final Logger LOG = LoggerFactory.getLogger(RoleRun.class);

    /** How a role that can fail on its own reports its end. */
    @FunctionalInterface
    public interface Termination {
        /**
         * Blocks until the role has stopped: returns after a requested stop.
         *
         * @throws IllegalStateException when the role failed (its message is what the operator reads)
         */
        void await() throws InterruptedException;
    }

    private RoleRun() {
    }

    /** For a role that runs until it is asked to stop. */
    public static int untilStopped(String role, AutoCloseable app) throws InterruptedException {
        return untilStopped(role, app, null);
    }

    /**
     * @param ownEnd the role's own end (a consumer loop that failed), or null when only a stop request ends it
     * @return the process exit status: 0 after a requested stop, 1 when the role failed
     */
    public static int untilStopped(String role, AutoCloseable app, Termination ownEnd) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(role, app);
            closed.countDown();
        }, role + "-shutdown"));
        try {
            if (ownEnd == null) {
                closed.await();
            } else {
                ownEnd.await();
            }
            return 0;
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            close(role, app);
            return 1;
        }
    }

    private static void close(String role, AutoCloseable app) {
        try {
            app.close(); // every role's close is idempotent: the hook and a failure may both call it
        } catch (Exception e) {
            LOG.warn("Closing the {} failed: {}", role, e.toString());
        }
    }
}
