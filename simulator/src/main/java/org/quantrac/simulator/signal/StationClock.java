package org.quantrac.simulator.signal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How stations write times: local time UTC+7, ISO 8601 with the offset in JSON, compact digits in TT10 text. */
public final class StationClock {

    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(7);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private StationClock() {
    }

    /** e.g. {@code 2026-11-28T07:05:00+07:00}. */
    public static String iso(Instant t) {
        return t.atOffset(OFFSET).format(ISO);
    }

    /** e.g. {@code 20261128070500} (local time, no offset, as Circular 10/2021 writes it). */
    public static String compact(Instant t) {
        return t.atOffset(OFFSET).format(COMPACT);
    }
}
