package org.quantrac.alerting.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A station's exception to a rule: switched off, other limits, another severity or duration. Empty fields keep the
 * rule's own value.
 */
public record RuleOverride(String stationCode, String ruleId, Optional<Boolean> enabled, Optional<Double> lower,
                           Optional<Double> upper, Optional<Severity> severity, Optional<Duration> persistFor,
                           String updatedBy) {

    public RuleOverride {
        Objects.requireNonNull(stationCode, "stationCode");
        Objects.requireNonNull(ruleId, "ruleId");
        updatedBy = updatedBy == null ? "" : updatedBy;
    }

    public boolean disables() {
        return enabled.isPresent() && !enabled.get();
    }
}
