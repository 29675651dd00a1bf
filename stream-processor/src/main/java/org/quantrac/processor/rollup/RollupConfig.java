package org.quantrac.processor.rollup;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

/**
 * Rollup maintenance.
 *
 * @param enabled         whether this processor maintains the rollup and AQI tables
 * @param interval        how often the dirty hours are recomputed
 * @param delay           an hour is rolled up once it has ended plus this delay (readings in transit are not late)
 * @param minCompleteness an hour's or day's average is valid from this share of the expected readings
 * @param zone            the local time of days (hours must align with UTC hours: whole-hour offsets only)
 */
public record RollupConfig(boolean enabled, Duration interval, Duration delay, double minCompleteness, ZoneId zone) {

    public static RollupConfig from(ConfigSource c) {
        String zoneName = c.string("processor.rollup.timeZone", "Asia/Ho_Chi_Minh");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new ConfigException("configuration processor.rollup.timeZone = '" + zoneName
                    + "' is invalid: expected a time zone id such as Asia/Ho_Chi_Minh");
        }
        if (zone.getRules().getOffset(Instant.now()).getTotalSeconds() % 3600 != 0) {
            throw new ConfigException("configuration processor.rollup.timeZone = '" + zoneName
                    + "' is invalid: local hours must be whole UTC hours (offsets such as +05:30 are not supported)");
        }
        return new RollupConfig(c.bool("processor.rollup.enabled", true),
                c.duration("processor.rollup.interval", Duration.ofSeconds(30), Duration.ofMillis(100),
                        Duration.ofHours(1)),
                c.duration("processor.rollup.delay", Duration.ofMinutes(2), Duration.ZERO, Duration.ofDays(1)),
                c.decimal("processor.rollup.minCompleteness", 0.75, 0, 1), zone);
    }
}
