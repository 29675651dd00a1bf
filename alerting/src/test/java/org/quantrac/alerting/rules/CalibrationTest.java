package org.quantrac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** Calibration overdue: no status-01 reading of an analyser for longer than its interval (30 days by default). */
class CalibrationTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Station AQ01 = CATALOG.byCode("QN-AQ-01").orElseThrow();
    private static final int SO2 = AQ01.parameter("SO2").orElseThrow().id();
    private static final String RULE = "calibration.SO2";
    private static final Instant T0 = Instant.parse("2026-03-10T01:00:00Z");

    private final RuleBook book = RuleBook.defaults();

    private static Instant day(double d) {
        return T0.plus(Duration.ofMinutes(Math.round(d * 1440)));
    }

    private static List<Decision> so2(Evaluator e, double day, StationStatus status) {
        List<Decision> out = new ArrayList<>();
        for (Decision d : e.observe(AQ01, day(day), List.of(new Sample(SO2, 20, status)), true)) {
            if (d.rule().id().equals(RULE)) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void opensAfterThirtyDaysWithoutCalibrationAndTheNextCalibrationClearsIt() {
        Evaluator e = new Evaluator(() -> book);
        assertThat(so2(e, 0, StationStatus.CALIBRATING)).isEmpty();
        assertThat(so2(e, 10, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(e, 30, StationStatus.MEASURING)).isEmpty();       // exactly 30 days: not yet
        List<Decision> open = so2(e, 30.5, StationStatus.MEASURING);
        assertThat(open).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(Decision.Type.OPEN);
            assertThat(d.value()).isEqualTo(30.5);
            assertThat(d.limit()).isEqualTo(30.0);
        });
        assertThat(so2(e, 31, StationStatus.DEVICE_ERROR)).isEmpty();    // an error is no calibration
        assertThat(so2(e, 32, StationStatus.CALIBRATING)).singleElement()
                .satisfies(d -> {
                    assertThat(d.type()).isEqualTo(Decision.Type.RESOLVE);
                    assertThat(d.time()).isEqualTo(day(32));
                });
        assertThat(e.drainCalibrations()).extracting(Evaluator.Calibration::time).containsExactly(day(32));
        assertThat(so2(e, 61, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(e, 62.5, StationStatus.MEASURING)).extracting(Decision::type)
                .containsExactly(Decision.Type.OPEN);
    }

    @Test
    void withoutAKnownCalibrationTheClockStartsAtTheFirstReadingAndAStoredOneIsUsedAfterARestart() {
        Evaluator fresh = new Evaluator(() -> book);
        assertThat(so2(fresh, 5, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(fresh, 35, StationStatus.MEASURING)).isEmpty();   // 30 days after the first reading seen
        assertThat(so2(fresh, 35.1, StationStatus.MEASURING)).hasSize(1);

        Evaluator restarted = new Evaluator(() -> book);
        restarted.calibrated(AQ01, SO2, day(0));                          // loaded from alert_calibration
        assertThat(so2(restarted, 29, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(restarted, 30.1, StationStatus.MEASURING)).hasSize(1);
    }

    @Test
    void aLateCalibrationResolvesAtItsTimeAndAStationOverrideChangesTheInterval() {
        Evaluator e = new Evaluator(() -> book, () -> MaintenanceCalendar.EMPTY, Duration.ofDays(2));
        so2(e, 0, StationStatus.CALIBRATING);
        assertThat(so2(e, 31, StationStatus.MEASURING)).hasSize(1);
        so2(e, 31.5, StationStatus.MEASURING);
        // the calibration at 31.2 arrives late: the alert ends then; 31.5 is 0.3 days after it
        assertThat(so2(e, 31.2, StationStatus.CALIBRATING)).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(Decision.Type.RESOLVE);
            assertThat(d.time()).isEqualTo(day(31.2));
            assertThat(d.late()).isTrue();
        });
        assertThat(e.isOpen(AQ01, RULE)).isFalse();
        assertThat(so2(e, 61, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(e, 61.3, StationStatus.MEASURING)).hasSize(1);

        RuleBook weekly = book.withOverride(new RuleOverride("QN-AQ-01", RULE, Optional.empty(), Optional.empty(),
                Optional.of(7.0), Optional.empty(), Optional.empty(), "test"));
        Evaluator w = new Evaluator(() -> weekly);
        so2(w, 0, StationStatus.CALIBRATING);
        assertThat(so2(w, 7, StationStatus.MEASURING)).isEmpty();
        assertThat(so2(w, 7.5, StationStatus.MEASURING)).singleElement()
                .satisfies(d -> assertThat(d.limit()).isEqualTo(7.0));
    }
}
