package org.quantrac.simulator.signal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant seen from the station: the province lives on UTC+7 all year (no daylight saving), and every daily
 * rhythm — traffic, sunlight, shifts — follows local time, never the JVM's zone.
 *
 * @param hour      fractional hour of the local day, [0, 24)
 * @param dayOfYear 1..366 in local time
 * @param dayOfWeek local day of the week
 */
public record StationTime(double hour, int dayOfYear, DayOfWeek dayOfWeek) {

    public static final int OFFSET_SECONDS = 7 * 3600;

    public static StationTime of(Instant t) {
        long local = t.getEpochSecond() + OFFSET_SECONDS;
        long day = Math.floorDiv(local, 86_400L);
        double hour = Math.floorMod(local, 86_400L) / 3600.0;
        LocalDate date = LocalDate.ofEpochDay(day);
        return new StationTime(hour, date.getDayOfYear(), date.getDayOfWeek());
    }

    /**
     * Dry-season index: 1 in mid-January, 0 in mid-July. The north-east monsoon months (November–April) are dry,
     * with stable air and the year's highest particulate levels.
     */
    public double dryness() {
        return 0.5 + 0.5 * Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25);
    }

    /** Bell-shaped weight around a local hour (handles midnight wrap). */
    public double around(double centreHour, double widthHours) {
        double d = Math.abs(hour - centreHour);
        d = Math.min(d, 24 - d);
        return Math.exp(-(d * d) / (2 * widthHours * widthHours));
    }

    /** Road traffic: morning and evening rush hours, quieter at weekends. */
    public double traffic() {
        double rush = around(7.5, 1.2) + 0.9 * around(17.8, 1.5) + 0.25 * around(12.0, 2.5);
        return dayOfWeek == DayOfWeek.SUNDAY ? 0.55 * rush : dayOfWeek == DayOfWeek.SATURDAY ? 0.8 * rush : rush;
    }

    /** Night-time stable boundary layer (inversion), strongest before dawn. */
    public double inversion() {
        return 0.5 + 0.5 * Math.cos(2 * Math.PI * (hour - 3.0) / 24);
    }

    /** Photochemical activity: sunlight with the afternoon lag of ozone build-up. */
    public double photochemistry() {
        return around(14.0, 2.6);
    }

    /** Daylight elevation proxy: 0 at night, 1 at solar noon (about 11:50 local). */
    public double daylight() {
        double s = Math.sin(Math.PI * (hour - 5.8) / 12.2);
        return s > 0 ? Math.pow(s, 1.2) : 0;
    }
}
