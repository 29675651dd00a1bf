package org.quantrac.simulator.config;

import java.time.Duration;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

/**
 * Scale mode: N synthetic stations × M parameters, all stations sampling every {@code interval} (from the rate R in
 * observations per second: interval = N / R). Off when {@code stations} is 0.
 */
public record ScaleSettings(int stations, int parameters, Duration interval) {

    public static ScaleSettings from(ConfigSource c) {
        int n = c.integer("simulator.scale.stations", 0, 0, 1_000_000);
        int m = c.integer("simulator.scale.parameters", 6, 1, 15);
        double rate = c.decimal("simulator.scale.rate", 0, 0, 10_000_000);
        Duration interval = c.duration("simulator.scale.interval", Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofDays(1));
        if (rate > 0 && n > 0) {
            long millis = Math.round(n / rate * 1000);
            if (millis < 1000 || millis % 1000 != 0) {
                throw new ConfigException("simulator.scale.rate = " + rate + " with " + n + " stations gives an interval"
                        + " of " + millis + " ms; it must be whole seconds of at least 1 s (interval = stations / rate)");
            }
            interval = Duration.ofMillis(millis);
        }
        return new ScaleSettings(n, m, interval);
    }

    public boolean enabled() {
        return stations > 0;
    }
}
