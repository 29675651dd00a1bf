package org.quantrac.deploy;

/** The paths OpsServer serves; {@link ProbePathsTest} checks them against a running OpsServer. */
final class OpsPaths {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";

    private OpsPaths() {
    }
}
