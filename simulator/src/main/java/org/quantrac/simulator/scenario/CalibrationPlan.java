package org.quantrac.simulator.scenario;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Recurring calibration windows in station local time: daily at a time, or weekly on a day at a time.
 *
 * @param weekday empty for a daily plan
 */
public record CalibrationPlan(int index, StationFilter stations, Optional<DayOfWeek> weekday, LocalTime start,
                              Duration duration) {

    private static final ZoneOffset LOCAL = ZoneOffset.ofHours(7);

    /** The start of the window containing {@code t}, if {@code t} is inside one. */
    public Optional<Instant> windowAt(Instant t) {
        ZonedDateTime local = t.atZone(LOCAL);
        // A window may have begun the day before (e.g. 23:50 for 30 minutes).
        for (int back = 0; back <= duration.toDays() + 1; back++) {
            ZonedDateTime day = local.minusDays(back).with(start);
            if (weekday.isPresent() && day.getDayOfWeek() != weekday.get()) {
                continue;
            }
            Instant begin = day.toInstant();
            if (!t.isBefore(begin) && t.isBefore(begin.plus(duration))) {
                return Optional.of(begin);
            }
        }
        return Optional.empty();
    }
}
