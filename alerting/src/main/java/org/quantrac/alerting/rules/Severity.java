package org.quantrac.alerting.rules;

/** How urgent an alert is; subscriptions choose a minimum. Ordered from least to most urgent. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }
}
