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

class EvaluatorTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Station AQ01 = CATALOG.byCode("QN-AQ-01").orElseThrow();   // 60 s interval
    private static final Station SW02 = CATALOG.byCode("QN-SW-02").orElseThrow();   // class B, 300 s
    private static final Station ST01 = CATALOG.byCode("QN-ST-01").orElseThrow();   // stack, 60 s
    private static final int SO2 = AQ01.parameter("SO2").orElseThrow().id();
    private static final int PH = SW02.parameter("pH").orElseThrow().id();
    private static final int DUST = ST01.parameter("Dust").orElseThrow().id();
    /** 2026-03-10 08:00 in Hanoi. */
    private static final Instant T0 = Instant.parse("2026-03-10T01:00:00Z");

    private final RuleBook book = RuleBook.defaults();
    private final Evaluator evaluator = new Evaluator(() -> book);

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    /** SO2 100 for an hour, 500 for an hour, 100 again (one reading a minute). */
    private static double so2At(int m) {
        return m >= 60 && m < 120 ? 500 : 100;
    }

    private List<Decision> so2(int fromMinute, int toMinute, boolean decide) {
        List<Decision> out = new ArrayList<>();
        for (int m = fromMinute; m <= toMinute; m++) {
            out.addAll(evaluator.observe(AQ01, minute(m),
                    List.of(new Sample(SO2, so2At(m), StationStatus.MEASURING)), decide));
        }
        return out;
    }

    @Test
    void hourlyMeanOpensWhenItExceedsTheLimitAndResolvesBelowTheHysteresis() {
        List<Decision> d = so2(0, 179, true);
        // mean over (t-1h, t] = 100 + 400·k/60 with k readings of 500: > 350 from k = 38 (minute 97);
        // ≤ 332.5 (5 % hysteresis) from k = 34 (minute 145).
        assertThat(d).hasSize(2);
        assertThat(d.get(0).type()).isEqualTo(Decision.Type.OPEN);
        assertThat(d.get(0).rule().id()).isEqualTo("qcvn05-2023.SO2.1h");
        assertThat(d.get(0).time()).isEqualTo(minute(97));
        assertThat(d.get(0).conditionSince()).isEqualTo(minute(97));
        assertThat(d.get(0).value()).isCloseTo(100 + 400 * 38 / 60.0, Offset.offset(1e-9));
        assertThat(d.get(0).limit()).isEqualTo(350.0);
        assertThat(d.get(1).type()).isEqualTo(Decision.Type.RESOLVE);
        assertThat(d.get(1).time()).isEqualTo(minute(145));
        assertThat(d.get(1).value()).isCloseTo(100 + 400 * 34 / 60.0, Offset.offset(1e-9));
    }

    @Test
    void warmUpReplayRebuildsTheWindowWithoutDecidingTwice() {
        assertThat(so2(0, 110, false)).isEmpty();
        evaluator.markOpen(AQ01, "qcvn05-2023.SO2.1h"); // what the database says after the restart
        List<Decision> d = so2(111, 179, true);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.RESOLVE);
            assertThat(x.time()).isEqualTo(minute(145));
        });
    }

    @Test
    void redeliveredObservationsAreJudgedOnce() {
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m <= 179; m++) {
            List<Sample> s = List.of(new Sample(SO2, so2At(m), StationStatus.MEASURING));
            d.addAll(evaluator.observe(AQ01, minute(m), s, true));
            d.addAll(evaluator.observe(AQ01, minute(m), s, true)); // the same record again
        }
        assertThat(d).extracting(Decision::time).containsExactly(minute(97), minute(145));
    }

    @Test
    void anIncompleteWindowNeitherOpensNorClears() {
        // 44 readings in the hour (< 75 % of 60) at 1000 µg/Nm3: no mean, no alert
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m < 44; m++) {
            d.addAll(evaluator.observe(AQ01, minute(m), List.of(new Sample(SO2, 1000, StationStatus.MEASURING)),
                    true));
        }
        assertThat(d).isEmpty();
        d.addAll(evaluator.observe(AQ01, minute(44), List.of(new Sample(SO2, 1000, StationStatus.MEASURING)), true));
        assertThat(d).extracting(Decision::type).containsExactly(Decision.Type.OPEN);
    }

    private List<Decision> ph(int minute, double value, StationStatus status) {
        return evaluator.observe(SW02, minute(minute), List.of(new Sample(PH, value, status)), true);
    }

    @Test
    void rangeRuleNeedsItsDurationIgnoresCalibrationAndClearsInsideTheHysteresis() {
        List<Decision> d = new ArrayList<>();
        d.addAll(ph(0, 7.0, StationStatus.MEASURING));
        d.addAll(ph(5, 7.0, StationStatus.MEASURING));
        d.addAll(ph(15, 9.0, StationStatus.MEASURING));   // condition begins
        d.addAll(ph(20, 9.0, StationStatus.MEASURING));
        d.addAll(ph(25, 9.0, StationStatus.MEASURING));
        assertThat(d).isEmpty();                          // 10 minutes < 15
        d.addAll(ph(30, 9.0, StationStatus.MEASURING));   // 15 minutes: opens
        d.addAll(ph(35, 4.0, StationStatus.CALIBRATING)); // excluded: neither clears nor counts
        d.addAll(ph(40, 8.45, StationStatus.MEASURING));  // inside the range but within the 0.1 hysteresis
        d.addAll(ph(45, 7.0, StationStatus.MEASURING));   // clears
        // calibrating with out-of-range values: suppressed
        for (int m = 50; m <= 65; m += 5) {
            d.addAll(ph(m, 9.5, StationStatus.CALIBRATING));
        }
        d.addAll(ph(70, 9.0, StationStatus.MEASURING));
        d.addAll(ph(75, 9.0, StationStatus.MEASURING));
        d.addAll(ph(80, 9.0, StationStatus.DEVICE_ERROR)); // interrupts the pending condition
        d.addAll(ph(85, 9.0, StationStatus.MEASURING));    // begins again
        d.addAll(ph(95, 9.0, StationStatus.MEASURING));
        assertThat(d).hasSize(2);
        d.addAll(ph(100, 9.0, StationStatus.MEASURING));   // 15 minutes since 85
        assertThat(d).extracting(Decision::type, Decision::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Decision.Type.OPEN, minute(30)),
                org.assertj.core.groups.Tuple.tuple(Decision.Type.RESOLVE, minute(45)),
                org.assertj.core.groups.Tuple.tuple(Decision.Type.OPEN, minute(100)));
        assertThat(d.get(0).conditionSince()).isEqualTo(minute(15));
        assertThat(d.get(0).limit()).isEqualTo(8.5);
        assertThat(d.get(2).conditionSince()).isEqualTo(minute(85));
    }

    @Test
    void offlineOpensOnTimeAndClearsOnTheFirstNewData() {
        Instant last = minute(0);
        evaluator.observe(ST01, last, List.of(new Sample(DUST, 10, StationStatus.MEASURING)), true);
        assertThat(evaluator.checkOffline(ST01, last.plusSeconds(180))).isEmpty(); // 3 intervals: not yet
        List<Decision> opened = evaluator.checkOffline(ST01, last.plusSeconds(181));
        assertThat(opened).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.OPEN);
            assertThat(x.rule().id()).isEqualTo("offline");
            assertThat(x.conditionSince()).isEqualTo(last);
            assertThat(x.time()).isEqualTo(last.plusSeconds(181));
            assertThat(x.value()).isEqualTo(181.0);
        });
        assertThat(evaluator.checkOffline(ST01, last.plusSeconds(600))).isEmpty(); // one open alert only
        List<Decision> back = evaluator.observe(ST01, last.plusSeconds(660),
                List.of(new Sample(DUST, 10, StationStatus.MEASURING)), true);
        assertThat(back).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.RESOLVE);
            assertThat(x.time()).isEqualTo(last.plusSeconds(660));
        });
    }

    @Test
    void oldDataThatKeepsArrivingIsNoOutageAndAReplayedBacklogEndsTheOutageWhenItArrives() {
        List<Sample> dust = List.of(new Sample(DUST, 10, StationStatus.MEASURING));
        Instant now = minute(24 * 60); // the clock, a day after the readings: a backfill (or a demo catching up)
        for (int m = 0; m < 10; m++) {
            assertThat(evaluator.observe(ST01, minute(m), dust, true, now.plusSeconds(m))).isEmpty();
        }
        // the newest reading is a day old, but it arrived a second ago: the station is not offline
        assertThat(evaluator.checkOffline(ST01, now.plusSeconds(10))).isEmpty();
        assertThat(evaluator.checkOffline(ST01, now.plusSeconds(9 + 180))).isEmpty();
        // nothing arrives for 3 intervals: offline
        Instant opened = now.plusSeconds(9 + 181);
        assertThat(evaluator.checkOffline(ST01, opened)).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.OPEN);
            assertThat(x.conditionSince()).isEqualTo(minute(9));
            assertThat(x.time()).isEqualTo(opened);
        });
        // the backlog measured during the outage arrives: the outage ended on its arrival, not before it began
        Instant arrival = opened.plusSeconds(600);
        assertThat(evaluator.observe(ST01, minute(10), dust, true, arrival)).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.RESOLVE);
            assertThat(x.time()).isEqualTo(arrival);
        });
        // without an arrival time (direct callers), never before the opening
        assertThat(evaluator.checkOffline(ST01, arrival.plusSeconds(181))).hasSize(1);
        assertThat(evaluator.observe(ST01, minute(11), dust, true)).singleElement()
                .satisfies(x -> assertThat(x.time()).isEqualTo(arrival.plusSeconds(181)));
    }

    @Test
    void aStationThatNeverSentIsOfflineCountedFromWhenWatchingBegan() {
        Instant start = minute(0);
        evaluator.watch(ST01, start);
        assertThat(evaluator.checkOffline(ST01, start.plusSeconds(180))).isEmpty();
        assertThat(evaluator.checkOffline(ST01, start.plusSeconds(181))).hasSize(1);
    }

    @Test
    void lastingDeviceErrorOpensAfterThirtyMinutes() {
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            d.addAll(evaluator.observe(ST01, minute(m), List.of(new Sample(DUST, 10, StationStatus.DEVICE_ERROR)),
                    true));
        }
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.rule().id()).isEqualTo("device-error");
            assertThat(x.time()).isEqualTo(minute(30));
            assertThat(x.conditionSince()).isEqualTo(minute(0));
        });
        assertThat(evaluator.observe(ST01, minute(31), List.of(new Sample(DUST, 10, StationStatus.MEASURING)), true))
                .extracting(Decision::type).containsExactly(Decision.Type.RESOLVE);
    }

    @Test
    void afterAManualResolutionAPersistingConditionOpensANewAlertAfterItsDuration() {
        ph(0, 9.0, StationStatus.MEASURING);
        assertThat(ph(15, 9.0, StationStatus.MEASURING)).hasSize(1);
        evaluator.markResolved(SW02, "qcvn08-2023-B.pH");
        assertThat(ph(20, 9.0, StationStatus.MEASURING)).isEmpty(); // the duration counts again from here
        assertThat(ph(30, 9.0, StationStatus.MEASURING)).isEmpty();
        assertThat(ph(35, 9.0, StationStatus.MEASURING)).extracting(Decision::type)
                .containsExactly(Decision.Type.OPEN);
    }

    @Test
    void valuesOfOneInstantSplitOverSeveralObservationsAreAllJudged() {
        int dissolvedOxygen = SW02.parameter("DO").orElseThrow().id();
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m <= 15; m += 5) {
            d.addAll(evaluator.observe(SW02, minute(m), List.of(new Sample(PH, 9.0, StationStatus.MEASURING)), true));
            d.addAll(evaluator.observe(SW02, minute(m), List.of(new Sample(dissolvedOxygen, 3.0,
                    StationStatus.MEASURING)), true));
        }
        assertThat(d).extracting(x -> x.rule().id() + " " + x.time())
                .containsExactly("qcvn08-2023-B.pH " + minute(15), "qcvn08-2023-B.DO " + minute(15));
        assertThat(d.get(1).limit()).isEqualTo(5.0);
    }

    @Test
    void reconcilingWithTheDatabaseClosesAlertsResolvedElsewhereAndAdoptsOthers() {
        ph(0, 9.0, StationStatus.MEASURING);
        assertThat(ph(15, 9.0, StationStatus.MEASURING)).hasSize(1);
        evaluator.reconcile(List.of(SW02, AQ01), java.util.Set.of(AQ01.id() + "/" + "qcvn05-2023.SO2.1h"));
        assertThat(evaluator.isOpen(SW02, "qcvn08-2023-B.pH")).isFalse();
        assertThat(evaluator.isOpen(AQ01, "qcvn05-2023.SO2.1h")).isTrue();
    }

    @Test
    void declaredMaintenanceSuppressesLikeCalibrationAndPausesTheOfflineClock() {
        MaintenanceCalendar calendar = new MaintenanceCalendar(List.of(
                new MaintenanceWindow(1, "QN-SW-02", minute(10), minute(40), "probe cleaning", "it"),
                new MaintenanceWindow(2, "QN-ST-01", minute(1), minute(10), "flow meter", "it")));
        Evaluator e = new Evaluator(() -> book, () -> calendar, Evaluator.DEFAULT_LATE_HORIZON);
        List<Decision> d = new ArrayList<>();
        for (int m = 0; m <= 55; m += 5) {
            d.addAll(e.observe(SW02, minute(m), List.of(new Sample(PH, 9.0, StationStatus.MEASURING)), true));
        }
        // 0 and 5 start the condition, maintenance from 10 to 40 interrupts it, it starts again at 40
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.time()).isEqualTo(minute(55));
            assertThat(x.conditionSince()).isEqualTo(minute(40));
        });

        e.observe(ST01, minute(0), List.of(new Sample(DUST, 10, StationStatus.MEASURING)), true);
        assertThat(e.checkOffline(ST01, minute(5))).isEmpty();              // in maintenance
        assertThat(e.checkOffline(ST01, minute(13))).isEmpty();             // 3 minutes after it ended: not yet
        assertThat(e.checkOffline(ST01, minute(13).plusSeconds(1))).singleElement()
                .satisfies(x -> assertThat(x.conditionSince()).isEqualTo(minute(10)));
    }

    private static final String QUALITY = """
            version: 1
            ruleSets:
              - id: quality
                source: "Quantrac data quality"
                effectiveFrom: 2020-01-01
                appliesTo: {kinds: [SURFACE_WATER]}
                rules:
                  - {id: ph-rate, kind: RATE, parameter: pH, window: 1h, max: 2.0, severity: WARNING}
                  - {id: ph-flat, kind: FLATLINE, parameter: pH, repeats: 4, severity: INFO}
            """;

    private static Evaluator quality() {
        RuleBook q = new RuleBook(RuleFile.parse(new java.io.ByteArrayInputStream(
                QUALITY.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "quality.yaml").rules(), List.of());
        return new Evaluator(() -> q);
    }

    @Test
    void rateOfChangeIsJudgedPerWindowBetweenConsecutiveValidReadings() {
        Evaluator e = quality();
        List<Decision> d = new ArrayList<>();
        double[] values = {7.0, 7.1, 7.5, 7.6};     // per hour: 1.2, 4.8, 1.2
        for (int i = 0; i < values.length; i++) {
            d.addAll(e.observe(SW02, minute(5 * i), List.of(new Sample(PH, values[i], StationStatus.MEASURING)), true));
        }
        assertThat(d).extracting(x -> x.type() + " " + x.rule().id() + " " + x.time()).containsExactly(
                "OPEN ph-rate " + minute(10), "RESOLVE ph-rate " + minute(15));
        assertThat(d.get(0).value()).isCloseTo(4.8, Offset.offset(1e-9));
        assertThat(d.get(0).limit()).isEqualTo(2.0);
    }

    @Test
    void aStuckSensorIsFoundAfterItsRepeatsAndClearsOnTheFirstChange() {
        Evaluator e = quality();
        List<Decision> d = new ArrayList<>();
        double[] values = {7.0, 7.0, 7.0, 7.0, 7.05};
        for (int i = 0; i < values.length; i++) {
            d.addAll(e.observe(SW02, minute(5 * i), List.of(new Sample(PH, values[i], StationStatus.MEASURING)), true));
        }
        assertThat(d).extracting(x -> x.type() + " " + x.rule().id() + " " + x.time()).containsExactly(
                "OPEN ph-flat " + minute(15), "RESOLVE ph-flat " + minute(20));
        assertThat(d.get(0).value()).isEqualTo(4.0);
    }
}
