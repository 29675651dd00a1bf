package org.quantrac.simulator.engine;

/**
 * Lets a prepared backfill deliver only as far ahead as the system it feeds has got: a benchmark's load generator
 * that runs ahead only fills a broker's queue, and the work that queue costs lands in the same measured window.
 */
@FunctionalInterface
public interface DeliveryGate {

    /** No bound: deliver as fast as the sinks accept. */
    DeliveryGate NONE = delivered -> {
    };

    /** Blocks while the system is too far behind {@code delivered} observations handed to the sinks so far. */
    void await(long delivered) throws InterruptedException;
}
