package org.quantrac.alerting.lifecycle;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One state change of an alert (table {@code alert_event}), with the alert as it was after the change.
 *
 * @param id      database sequence: the order of changes
 * @param eventId the idempotency key of the change
 * @param time    reading time for automatic changes, wall clock for manual ones
 * @param value   the judged value at the change, NaN for manual changes
 */
public record AlertEvent(long id, UUID eventId, Kind kind, Alert alert, Instant time, String actor,
                         Optional<String> comment, double value) {

    /** What happened. */
    public enum Kind { OPENED, ACKNOWLEDGED, RESOLVED }

    /** The actor of automatic changes. */
    public static final String SYSTEM = "system";
}
