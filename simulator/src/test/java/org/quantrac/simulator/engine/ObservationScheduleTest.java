package org.quantrac.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

class ObservationScheduleTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();

    @Test
    void timesAreAlignedToTheIntervalInTimeOrderWithinThePeriod() {
        List<Station> stations = new ArrayList<>(CATALOG.all());
        Instant from = Instant.parse("2026-11-28T00:00:30Z");
        Instant to = Instant.parse("2026-11-28T00:20:00Z");
        ObservationSchedule s = new ObservationSchedule(stations, from, to);
        List<ObservationSchedule.Due> all = new ArrayList<>();
        s.forEachRemaining(all::add);

        long expected = stations.stream().mapToLong(st -> ObservationSchedule.count(st, from, to)).sum();
        assertThat(all).hasSize((int) expected);
        for (int i = 0; i < all.size(); i++) {
            ObservationSchedule.Due d = all.get(i);
            assertThat(d.time().toEpochMilli() % d.station().interval().toMillis()).isZero();
            assertThat(d.time()).isAfterOrEqualTo(from).isBefore(to);
            if (i > 0) {
                assertThat(d.time()).isAfterOrEqualTo(all.get(i - 1).time());
            }
        }
        Station oneMinute = stations.stream().filter(st -> st.interval().equals(Duration.ofMinutes(1))).findFirst()
                .orElseThrow();
        // 00:01 … 00:19: the 00:00 slot is before `from`.
        assertThat(all.stream().filter(d -> d.station() == oneMinute)).hasSize(19);
    }

    @Test
    void alignUpRoundsToTheNextMultipleAlsoBeforeTheEpoch() {
        assertThat(ObservationSchedule.alignUp(Instant.parse("2026-11-28T00:04:59Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("2026-11-28T00:05:00Z"));
        assertThat(ObservationSchedule.alignUp(Instant.parse("2026-11-28T00:05:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("2026-11-28T00:05:00Z"));
        assertThat(ObservationSchedule.alignUp(Instant.parse("1969-12-31T23:58:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @Test
    void blocksKeepEachStationsConsecutiveTimesTogetherAndLoseNone() {
        List<Station> stations = new ArrayList<>(CATALOG.all()).subList(0, 30);
        Instant from = Instant.parse("2026-11-28T00:00:30Z");
        Instant to = Instant.parse("2026-11-28T01:00:00Z");
        List<ObservationSchedule.Due> plain = new ArrayList<>();
        new ObservationSchedule(stations, from, to).forEachRemaining(plain::add);
        List<ObservationSchedule.Due> blocked = new ArrayList<>();
        new ObservationSchedule(stations, from, to, 4).forEachRemaining(blocked::add);

        assertThat(blocked).containsExactlyInAnyOrderElementsOf(plain);
        for (int i = 1; i < blocked.size(); i++) {
            ObservationSchedule.Due prev = blocked.get(i - 1);
            ObservationSchedule.Due d = blocked.get(i);
            long block = 4 * d.station().interval().toMillis();
            if (d.station() == prev.station() && d.time().toEpochMilli() / block == prev.time().toEpochMilli() / block) {
                // within a station's block: the next measurement time
                assertThat(d.time()).isEqualTo(prev.time().plus(d.station().interval()));
            }
        }
        for (Station s : stations) {
            List<Instant> own = blocked.stream().filter(d -> d.station() == s).map(ObservationSchedule.Due::time).toList();
            assertThat(own).isSorted().doesNotHaveDuplicates();
            // a block's times are adjacent in the schedule: as many runs as blocks the station's times touch
            long runs = 0;
            for (int i = 0; i < blocked.size(); i++) {
                if (blocked.get(i).station() == s && (i == 0 || blocked.get(i - 1).station() != s)) {
                    runs++;
                }
            }
            long block = 4 * s.interval().toMillis();
            long blocks = own.stream().map(t -> t.toEpochMilli() / block).distinct().count();
            assertThat(runs).isEqualTo(blocks);
        }
    }
}
