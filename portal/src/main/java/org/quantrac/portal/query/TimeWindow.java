package org.quantrac.portal.query;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A half-open time range [from, to) of a request and the zone its dates and day boundaries are read in.
 *
 * <p>{@code from}/{@code to} accept an instant with offset ({@code 2026-11-27T08:00:00+07:00} or {@code …Z}), a local
 * date-time ({@code 2026-11-27T08:00}, read in the zone) or a date ({@code 2026-11-27}: that day's local midnight; as
 * {@code to} it means the end of that day, so {@code from=2026-11-27&to=2026-11-27} is the whole day). Without
 * {@code to} the window ends now; without either it is the endpoint's default length back from now.
 */
public record TimeWindow(Instant from, Instant to, ZoneId zone) {

    public TimeWindow {
        if (!from.isBefore(to)) {
            throw new BadRequest("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /**
     * Parses request parameters; {@code defaultLength} back from now when both are missing.
     *
     * @param maxLength longest allowed range; a longer one is a 400 that says the limit and how to page by time
     */
    public static TimeWindow parse(String fromText, String toText, String tzText, ZoneId defaultZone,
                                   Duration defaultLength, Duration maxLength, Instant now) {
        ZoneId zone = zone(tzText, defaultZone);
        Instant to = toText == null || toText.isBlank() ? null : instant("to", toText, zone, true);
        Instant from = fromText == null || fromText.isBlank() ? null : instant("from", fromText, zone, false);
        if (to == null) {
            // "from … until now"; a future 'from' gets the default length
            to = from == null || from.isBefore(now) ? now : from.plus(defaultLength);
        }
        if (from == null) {
            from = to.minus(defaultLength);
        }
        TimeWindow w = new TimeWindow(from, to, zone);
        if (w.length().compareTo(maxLength) > 0) {
            throw new BadRequest("time range " + from + " to " + to + " is " + human(w.length())
                    + " long; this endpoint allows at most " + human(maxLength)
                    + " per request: split it into several requests (or use hourly/daily aggregates)");
        }
        return w;
    }

    public static ZoneId zone(String tzText, ZoneId defaultZone) {
        if (tzText == null || tzText.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(tzText.trim());
        } catch (DateTimeException e) {
            throw new BadRequest("'tz' = '" + tzText + "' is not a time zone: use an IANA id such as "
                    + "Asia/Ho_Chi_Minh or an offset such as +07:00");
        }
    }

    private static Instant instant(String name, String text, ZoneId zone, boolean endOfDay) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new BadRequest("'" + name + "' = '" + text + "' is not a time: use ISO 8601, e.g. "
                    + "2026-11-27, 2026-11-27T08:00 (in 'tz') or 2026-11-27T08:00:00+07:00");
        }
    }

    /** Whether every offset of the zone within the window is a whole number of hours (hourly rollups line up). */
    public boolean wholeHourOffsets() {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        ZoneOffsetTransition t = rules.nextTransition(from);
        while (t != null && t.getInstant().isBefore(to)) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
            t = rules.nextTransition(t.getInstant());
        }
        return true;
    }

    static String human(Duration d) {
        if (d.toHours() >= 48 && d.toHours() % 24 == 0) {
            return d.toDays() + " days";
        }
        if (d.toMinutes() % 60 == 0) {
            return d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
