package org.quantrac.alerting.lifecycle;

import java.time.Instant;
import java.util.Optional;
import org.quantrac.alerting.rules.Severity;

/**
 * One alert episode of one (station, rule), as stored in table {@code alert}.
 *
 * @param conditionSince reading time the condition began
 * @param openedAt       reading time the alert opened
 * @param limit          the limit in force at the station, NaN when the rule has none
 */
public record Alert(long id, int stationId, String stationCode, String ruleId, int parameterId, Severity severity,
                    AlertState state, String source, Instant conditionSince, Instant openedAt, double openValue,
                    double limit, Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy,
                    Optional<String> ackComment, Optional<Instant> resolvedAt, Optional<String> resolvedBy,
                    Optional<String> resolveComment) {
}
