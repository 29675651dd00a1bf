package org.quantrac.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.station.StationKind;

class ScenarioTest {

    private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void parsesFaultsWithRelativeAndAbsoluteTimesAndCalibrationPlans() {
        Scenario s = Scenario.parse("""
                calibration:
                  - kinds: [AMBIENT_AIR]
                    daily: "02:00"
                    duration: 15m
                  - stations: [QN-WW-01]
                    weekly: "SUN 03:00"
                    duration: 1h
                faults:
                  - type: offline
                    stations: [QN-AQ-01]
                    at: +10m
                    duration: 30m
                    backlog: false
                  - type: episode
                    stations: all
                    parameter: "PM2,5"
                    at: 2026-11-28T09:00:00+07:00
                    duration: 2h
                    peak: 180
                  - type: clock-skew
                    stations: QN-AQ-02
                    at: +0s
                    duration: 1h
                    skew: -7m
                """, START, "test");
        assertThat(s.calibrations()).hasSize(2);
        assertThat(s.calibrations().get(0).start()).isEqualTo(LocalTime.of(2, 0));
        assertThat(s.calibrations().get(0).stations().kinds()).containsExactly(StationKind.AMBIENT_AIR);
        assertThat(s.calibrations().get(1).weekday()).contains(DayOfWeek.SUNDAY);
        Fault offline = s.faults().get(0);
        assertThat(offline.type()).isEqualTo(FaultType.OFFLINE);
        assertThat(offline.from()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(offline.to()).isEqualTo(START.plus(Duration.ofMinutes(40)));
        assertThat(offline.backlog()).isFalse();
        Fault episode = s.faults().get(1);
        assertThat(episode.from()).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(episode.peak()).contains(180.0);
        assertThat(episode.stations().matches(StationCatalog.builtIn().byCode("QN-WW-01").orElseThrow())).isTrue();
        assertThat(s.faults().get(2).skew()).isEqualTo(Duration.ofMinutes(-7));
    }

    @Test
    void mistakesAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> Scenario.parse("faults:\n  - type: melt\n    stations: all\n    at: +1m\n"
                + "    duration: 1m\n", START, "f.yaml"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("f.yaml: faults[0].type")
                .hasMessageContaining("out-of-range");
        assertThatThrownBy(() -> Scenario.parse("faults:\n  - type: offline\n    at: +1m\n    duration: 1m\n",
                START, "f.yaml")).hasMessageContaining("faults[0]").hasMessageContaining("stations");
        assertThatThrownBy(() -> Scenario.parse("faults:\n  - type: offline\n    stations: all\n    at: 08:00\n"
                + "    duration: 1m\n", START, "f.yaml")).hasMessageContaining("faults[0].at");
        assertThatThrownBy(() -> Scenario.parse("faults:\n  - type: episode\n    stations: all\n    at: +1m\n"
                + "    duration: 1m\n", START, "f.yaml")).hasMessageContaining("parameter");
        assertThatThrownBy(() -> Scenario.parse("faults:\n  - type: drift\n    stations: all\n    at: +1m\n"
                + "    duration: 1m\n    rate: 3\n", START, "f.yaml")).hasMessageContaining("unknown key 'rate'");
    }

    @Test
    void calibrationWindowsRepeatInStationLocalTime() {
        CalibrationPlan daily = Scenario.parse("calibration:\n  - stations: all\n    daily: \"23:50\"\n"
                + "    duration: 20m\n", START, "t").calibrations().get(0);
        // 23:50 local (UTC+7) = 16:50Z; the window runs over local midnight.
        assertThat(daily.windowAt(Instant.parse("2026-11-28T16:55:00Z")))
                .contains(Instant.parse("2026-11-28T16:50:00Z"));
        assertThat(daily.windowAt(Instant.parse("2026-11-28T17:05:00Z")))
                .contains(Instant.parse("2026-11-28T16:50:00Z"));
        assertThat(daily.windowAt(Instant.parse("2026-11-28T17:10:00Z"))).isEmpty();
    }

    @Test
    void commandLineFaultsAddToTheFileWithTheirOwnNumbers() {
        Scenario file = Scenario.parse("faults:\n  - {type: drift, stations: all, at: +0m, duration: 1h}\n", START,
                "f");
        Scenario inline = Scenario.inline("type=offline stations=QN-AQ-01,QN-AQ-02 at=+10m duration=30m"
                + " backlog=false; type=episode kinds=AMBIENT_AIR parameter=O3 at=+1h duration=2h peak=250", START);
        Scenario all = file.plus(inline);
        assertThat(all.faults()).extracting(Fault::index).containsExactly(0, 1, 2);
        Fault offline = all.faults().get(1);
        assertThat(offline.stations().codes()).containsExactlyInAnyOrder("QN-AQ-01", "QN-AQ-02");
        assertThat(offline.backlog()).isFalse();
        assertThat(offline.from()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(all.faults().get(2).peak()).contains(250.0);
        assertThat(all.faults().get(2).stations().kinds()).containsExactly(StationKind.AMBIENT_AIR);
        assertThatThrownBy(() -> Scenario.inline("type=offline stations", START)).hasMessageContaining("key=value");
    }
}
