package org.quantrac.alerting.rules;

import java.time.Instant;
import java.util.Objects;

/** A declared maintenance period of a station: [from, to) in real time, which is also reading time. */
public record MaintenanceWindow(long id, String stationCode, Instant from, Instant to, String reason,
                                String createdBy) {

    public MaintenanceWindow {
        Objects.requireNonNull(stationCode, "stationCode");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a maintenance window must end after it starts");
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
