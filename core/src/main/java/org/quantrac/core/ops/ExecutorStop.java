package org.quantrac.core.ops;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping a role's background executor the same way everywhere (Java 17 has no {@code ExecutorService.close}). */
public final class ExecutorStop {

    private ExecutorStop() {
    }

    /**
     * Lets the task in progress finish within {@code grace}, then interrupts whatever still runs. Idempotent; an
     * interrupted caller interrupts the tasks at once and keeps its interrupt flag.
     */
    public static void await(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
