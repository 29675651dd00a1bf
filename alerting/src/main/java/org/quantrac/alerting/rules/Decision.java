package org.quantrac.alerting.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * What the evaluator decided for one (station, rule): open an alert or resolve the open one.
 *
 * @param conditionSince reading time the condition began (for OPEN)
 * @param time           reading time of the decision (OPEN: when the duration was met; RESOLVE: the clearing
 *                       reading); for OFFLINE opening, the wall-clock time the timer fired
 * @param value          the judged value: the reading, the window mean, or for OFFLINE the seconds without data
 * @param late           taken when re-judging history for a late reading (its time is not "now": no latency)
 */
public record Decision(Type type, StationRule rule, Instant conditionSince, Instant time, double value, boolean late) {

    public enum Type { OPEN, RESOLVE }

    public Decision {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(time, "time");
    }

    public Decision(Type type, StationRule rule, Instant conditionSince, Instant time, double value) {
        this(type, rule, conditionSince, time, value, false);
    }

    /** The same decision, taken while re-judging history for late data. */
    Decision asLate() {
        return late ? this : new Decision(type, rule, conditionSince, time, value, true);
    }

    /** The limit the value was judged against, NaN when the rule has none. */
    public double limit() {
        return rule.limitFor(value).orElse(Double.NaN);
    }
}
