package org.quantrac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** Late data: a reading older than what a rule has judged re-judges the rule's history from its measurement time. */
class LateDataTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Station SW02 = CATALOG.byCode("QN-SW-02").orElseThrow();   // class B, 300 s
    private static final Station AQ01 = CATALOG.byCode("QN-AQ-01").orElseThrow();   // 60 s
    private static final int PH = SW02.parameter("pH").orElseThrow().id();
    private static final int SO2 = AQ01.parameter("SO2").orElseThrow().id();
    private static final String PH_RULE = "qcvn08-2023-B.pH";
    private static final Instant T0 = Instant.parse("2026-03-10T01:00:00Z");

    private final RuleBook book = RuleBook.defaults();
    private final Evaluator evaluator = new Evaluator(() -> book);

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private List<Decision> ph(int minute, double value) {
        return evaluator.observe(SW02, minute(minute), List.of(new Sample(PH, value, StationStatus.MEASURING)), true);
    }

    private static List<String> show(List<Decision> d) {
        return d.stream().map(x -> x.type() + " " + x.time() + (x.conditionSince() == null ? ""
                : " since " + x.conditionSince()) + (x.late() ? " late" : "")).toList();
    }

    @Test
    void lateReadingsOpenAndResolveAnEpisodeAtTheirMeasurementTimes() {
        List<Decision> d = new ArrayList<>();
        for (int m : new int[] {0, 5, 10, 15, 40, 45}) {
            d.addAll(ph(m, 7.0));
        }
        assertThat(d).isEmpty();
        // the datalogger sends 20 … 35 later: pH 9 for 15 minutes, then 40 (already judged) clears
        d.addAll(ph(20, 9.0));
        d.addAll(ph(25, 9.0));
        d.addAll(ph(30, 9.0));
        assertThat(d).isEmpty();
        d.addAll(ph(35, 9.0));
        assertThat(show(d)).containsExactly(
                "OPEN " + minute(35) + " since " + minute(20) + " late",
                "RESOLVE " + minute(40) + " late");
        assertThat(evaluator.isOpen(SW02, PH_RULE)).isFalse();
        // in-order data goes on from the re-judged state
        assertThat(ph(50, 9.0)).isEmpty();
        assertThat(show(ph(65, 9.0))).containsExactly("OPEN " + minute(65) + " since " + minute(50));
    }

    @Test
    void aLateReadingInsideTheLimitResolvesAnOpenAlertAtItsTime() {
        List<Decision> d = new ArrayList<>();
        for (int m : new int[] {0, 5, 10, 15, 20, 25, 30, 40, 45}) {
            d.addAll(ph(m, 9.0));
        }
        assertThat(show(d)).containsExactly("OPEN " + minute(15) + " since " + minute(0));
        // 35 arrives late with 7.0: the alert ended at 35; 40 and 45 start a new condition, not yet 15 minutes old
        assertThat(show(ph(35, 7.0))).containsExactly("RESOLVE " + minute(35) + " late");
        assertThat(evaluator.isOpen(SW02, PH_RULE)).isFalse();
        assertThat(ph(50, 9.0)).isEmpty();
        assertThat(show(ph(55, 9.0))).containsExactly("OPEN " + minute(55) + " since " + minute(40));
    }

    @Test
    void lateDataNeverOpensASecondAlertAndRepeatsChangeNothing() {
        List<Decision> d = new ArrayList<>();
        for (int m : new int[] {0, 5, 15, 20, 25}) {
            d.addAll(ph(m, 9.0));
        }
        assertThat(show(d)).containsExactly("OPEN " + minute(15) + " since " + minute(0));
        // a late breach inside the open episode: the same alert, nothing new
        assertThat(ph(10, 9.0)).isEmpty();
        assertThat(ph(10, 9.0)).isEmpty();  // redelivered
        assertThat(ph(20, 9.0)).isEmpty();  // redelivered, not late
        assertThat(evaluator.isOpen(SW02, PH_RULE)).isTrue();
        // a late opening earlier than the open alert's: it is that alert
        Evaluator e = new Evaluator(() -> book);
        for (int m : new int[] {0, 10, 15, 20, 25}) {
            e.observe(SW02, minute(m), List.of(new Sample(PH, 9.0, StationStatus.MEASURING)), true);
        }
        assertThat(e.isOpen(SW02, PH_RULE)).isTrue();
        assertThat(e.observe(SW02, minute(5), List.of(new Sample(PH, 9.0, StationStatus.MEASURING)), true))
                .isEmpty();
    }

    @Test
    void aLateReadingInsideAnOpenWindowEpisodeKeepsOneAlert() {
        // SO2 1 h mean: 100 every minute, 1000 from 60 to 89; minute 70 is missing and arrives late with 100
        Evaluator e = new Evaluator(() -> book);
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m <= 95; m++) {
            if (m != 70) {
                double v = m >= 60 && m < 90 ? 1000 : 100;
                d.addAll(e.observe(AQ01, minute(m), List.of(new Sample(SO2, v, StationStatus.MEASURING)), true));
            }
        }
        // mean over (t − 1 h, t] = 100 + 900·k/n: > 350 from k = 17 readings of 1000 among n = 59 (minute 77)
        assertThat(show(d)).containsExactly("OPEN " + minute(77) + " since " + minute(77));
        // with the late 100 at 70 the mean at 77 is 355 (n = 60), still over: the same episode, no second alert
        assertThat(e.observe(AQ01, minute(70), List.of(new Sample(SO2, 100, StationStatus.MEASURING)), true))
                .isEmpty();
        assertThat(e.isOpen(AQ01, "qcvn05-2023.SO2.1h")).isTrue();
        assertThat(e.tooLate()).isZero();
    }

    @Test
    void aLateReadingThatCompletesAWindowOpensAtItsTime() {
        // 44 readings at 1000 in the hour are too few (75 % of 60 = 45); the 45th arrives late, before the others
        Evaluator e = new Evaluator(() -> book);
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m < 45; m++) {
            if (m != 10) {
                d.addAll(e.observe(AQ01, minute(m), List.of(new Sample(SO2, 1000, StationStatus.MEASURING)), true));
            }
        }
        assertThat(d).isEmpty();
        d.addAll(e.observe(AQ01, minute(10), List.of(new Sample(SO2, 1000, StationStatus.MEASURING)), true));
        // the window reaches 45 readings at minute 44 (the newest), which opens, with the mean of 45 readings
        assertThat(show(d)).containsExactly("OPEN " + minute(44) + " since " + minute(44) + " late");
        assertThat(d.get(0).value()).isCloseTo(1000, Offset.offset(1e-9));
    }

    @Test
    void readingsOlderThanTheHorizonAreIgnored() {
        Evaluator e = new Evaluator(() -> book, () -> MaintenanceCalendar.EMPTY, Duration.ofMinutes(30));
        for (int m = 0; m <= 60; m += 5) {
            if (m != 20) {
                e.observe(SW02, minute(m), List.of(new Sample(PH, 7.0, StationStatus.MEASURING)), true);
            }
        }
        assertThat(e.observe(SW02, minute(20), List.of(new Sample(PH, 9.0, StationStatus.MEASURING)), true))
                .isEmpty();
        assertThat(e.tooLate()).isEqualTo(1);
    }

    @Test
    void aManualResolutionBeforeTheLateReadingIsKept() {
        for (int m : new int[] {0, 5, 10, 15, 25, 30}) {
            ph(m, 9.0);
        }
        evaluator.markResolved(SW02, PH_RULE);  // a person resolved it after minute 30
        // a late breach at 20 must not bring the resolved alert back: the person's resolution still holds after 30
        assertThat(ph(20, 9.0)).isEmpty();
        assertThat(evaluator.isOpen(SW02, PH_RULE)).isFalse();
        assertThat(ph(35, 9.0)).isEmpty();
        assertThat(ph(45, 9.0)).isEmpty();
        assertThat(show(ph(50, 9.0))).containsExactly("OPEN " + minute(50) + " since " + minute(35));
    }
}
