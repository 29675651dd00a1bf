package org.quantrac.simulator.config;

/** How simulated time passes. */
public enum TimeMode {
    /** Backfill when from and to are given, accelerated when speed is not 1, else real time. */
    AUTO,
    REAL_TIME,
    ACCELERATED,
    BACKFILL
}
