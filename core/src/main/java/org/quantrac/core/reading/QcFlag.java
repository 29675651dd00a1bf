package org.quantrac.core.reading;

import java.util.EnumSet;
import java.util.Set;

/**
 * Quality-control flags of a stored reading, a bit each (see docs/quality-flags.md). A reading with any flag is stored
 * but excluded from averages, AQI and threshold evaluation.
 */
public enum QcFlag {
    /** The station reported status 01 (calibrating). */
    CALIBRATING(1),
    /** The station reported status 02 (device error). */
    DEVICE_ERROR(1 << 1),
    /** Outside the parameter's physically plausible range. */
    RANGE(1 << 2),
    /** Rate of change beyond the parameter's limit. */
    SPIKE(1 << 3),
    /** The same value N times in a row (stuck sensor). */
    FLATLINE(1 << 4),
    /** Arrived after its hour had been rolled up. */
    LATE(1 << 5);

    private final int bit;

    QcFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static int mask(Set<QcFlag> flags) {
        int m = 0;
        for (QcFlag f : flags) {
            m |= f.bit;
        }
        return m;
    }

    public static Set<QcFlag> of(int mask) {
        Set<QcFlag> set = EnumSet.noneOf(QcFlag.class);
        for (QcFlag f : values()) {
            if ((mask & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }
}
