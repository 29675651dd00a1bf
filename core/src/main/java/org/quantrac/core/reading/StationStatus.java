package org.quantrac.core.reading;

import java.util.Optional;

/** Instrument status code of Circular 10/2021/TT-BTNMT, sent with every value. */
public enum StationStatus {
    MEASURING("00"),
    CALIBRATING("01"),
    DEVICE_ERROR("02");

    private final String code;

    StationStatus(String code) {
        this.code = code;
    }

    /** The two-digit code as it appears in a transmission file. */
    public String code() {
        return code;
    }

    /** Parses "00", "01", "02" (also "0", "1", "2"); empty for anything else. */
    public static Optional<StationStatus> fromCode(String code) {
        switch (code == null ? "" : code.trim()) {
            case "00": case "0": return Optional.of(MEASURING);
            case "01": case "1": return Optional.of(CALIBRATING);
            case "02": case "2": return Optional.of(DEVICE_ERROR);
            default: return Optional.empty();
        }
    }

    /** The stored numeric form (0, 1, 2). */
    public short number() {
        return (short) ordinal();
    }
}
