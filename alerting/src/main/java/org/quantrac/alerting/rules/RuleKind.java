package org.quantrac.alerting.rules;

/** What a rule checks. */
public enum RuleKind {
    /** The value (or window mean) is above the upper limit. */
    MAX,
    /** The value is below the lower limit (dissolved oxygen). */
    MIN,
    /** The value is outside [lower, upper] (pH). */
    RANGE,
    /** The value changes faster than {@code max} per {@code window} between consecutive valid readings. */
    RATE,
    /** The same valid value {@code repeats} times in a row: a stuck sensor. */
    FLATLINE,
    /** No observation for {@code missedIntervals} sampling intervals, judged on the wall clock by a timer. */
    OFFLINE,
    /** The station reports status 02 (device error) on any parameter. */
    DEVICE_ERROR,
    /**
     * The parameter's instrument has had no calibration (a reading with status 01) for longer than
     * {@code calibrationEvery}; the next calibration clears it.
     */
    CALIBRATION_OVERDUE,
    /**
     * The station's hourly VN_AQI (computed by the processor) is above {@code max}: e.g. 150 = the "bad" band
     * (151–200) or worse. Only for AQI-eligible stations.
     */
    AQI;

    /** Whether the rule compares the values of one parameter. */
    public boolean isValueRule() {
        return this == MAX || this == MIN || this == RANGE || this == RATE || this == FLATLINE
                || this == CALIBRATION_OVERDUE;
    }
}
