package org.quantrac.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.config.SyntheticStations;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.SignalModel;

class BenchAlertsTest {

    private static final List<Station> STATIONS = SyntheticStations.create(120, 10, Duration.ofSeconds(1),
            StationCatalog.builtIn().parameters());

    /**
     * Times where the old fixed limit of 40 µg/m³ was crossed thousands of times a minute (night), a few hundred
     * (13:00 local) or never (a June day): the run's own limit leaves about the same share above it at each.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T20:28:00Z", "2026-11-28T06:00:00Z", "2026-06-15T09:00:00Z"})
    void theLimitLeavesAFewPercentOfTheRunsPm25ReadingsAboveItAtAnyHourAndSeason(String time) {
        Instant from = Instant.parse(time);
        SignalModel model = new SignalModel(20211010L);

        double limit = BenchAlerts.limit(STATIONS, model, from);

        long total = 0;
        long above = 0;
        long crossings = 0;
        for (Station s : STATIONS) {
            boolean wasAbove = false;
            for (int i = 0; i < 10; i++) {
                for (Measurement m : model.observe(s, from.plusSeconds(i)).values()) {
                    if (m.parameter().symbol().equals("PM2,5")) {
                        total++;
                        boolean up = m.value() > limit;
                        above += up ? 1 : 0;
                        crossings += up && !wasAbove ? 1 : 0;
                        wasAbove = up;
                    }
                }
            }
        }
        assertThat(total).isEqualTo(120 * 10);
        assertThat((double) above / total).isBetween(0.02, 0.06);
        assertThat(crossings).as("openings the bench IT can wait for").isGreaterThanOrEqualTo(5);
        assertThat(BenchAlerts.rules(limit)).contains("max: " + limit + ",");
    }

    @Test
    void withoutPm25ReadingsTheLimitIsTheFixedOne() {
        assertThat(BenchAlerts.limit(List.of(), new SignalModel(1), Instant.parse("2026-11-28T00:00:00Z")))
                .isEqualTo(40);
    }
}
