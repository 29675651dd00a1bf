package org.quantrac.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.engine.Outgoing;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;

class ScenarioBehaviourTest {

    private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
    private final Station station = StationCatalog.builtIn().byCode("QN-AQ-01").orElseThrow(); // 1-minute interval
    private final SignalModel model = new SignalModel(3);
    private final GroundTruth truth = new GroundTruth(false);

    private List<Outgoing> run(String faults, int minutes) {
        ScenarioBehaviour b = new ScenarioBehaviour(Scenario.parse(faults, START, "t"), model, truth);
        List<Outgoing> out = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            out.addAll(b.shape(model.observe(station, START.plus(Duration.ofMinutes(m)))));
        }
        out.addAll(b.drain());
        return out;
    }

    private static List<Instant> counted(List<Outgoing> out) {
        return out.stream().filter(o -> o.accounting() == Outgoing.Accounting.COUNTED)
                .map(o -> o.observation().time()).collect(Collectors.toList());
    }

    private static double value(Observation o, String symbol) {
        return o.values().stream().filter(m -> m.parameter().symbol().equals(symbol)).findFirst().orElseThrow()
                .value();
    }

    @Test
    void anOutageWithBacklogReplaysEveryObservationAfterReconnectingWithOriginalTimes() {
        List<Outgoing> out = run("faults:\n  - {type: offline, stations: [QN-AQ-01], at: +3m, duration: 4m}\n", 10);
        List<Instant> times = counted(out);
        assertThat(times).hasSize(10).doesNotHaveDuplicates();
        // 0,1,2 then (reconnect) 3,4,5,6 replayed, then 7,8,9.
        assertThat(times).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 10).mapToObj(m -> START.plus(Duration.ofMinutes(m))).toList());
        List<Outgoing.Accounting> kinds = out.stream().map(Outgoing::accounting).toList();
        assertThat(kinds.get(3)).isEqualTo(Outgoing.Accounting.CONTROL); // link down at 3
        assertThat(kinds.get(4)).isEqualTo(Outgoing.Accounting.CONTROL); // link up at 7, before the backlog
        assertThat(truth.events()).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("offline"));
    }

    @Test
    void anOutageWithoutBacklogLosesTheWindow() {
        List<Instant> times = counted(run("faults:\n  - {type: offline, stations: all, at: +3m, duration: 4m,"
                + " backlog: false}\n", 10));
        assertThat(times).hasSize(6).doesNotContain(START.plus(Duration.ofMinutes(4)));
    }

    @Test
    void duplicatesAreSentTwiceButCountedOnce() {
        List<Outgoing> out = run("faults:\n  - {type: duplicates, stations: all, at: +0m, duration: 5m}\n", 5);
        assertThat(out).hasSize(10);
        assertThat(counted(out)).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void outOfOrderBatchesAreReversedAndLateOnesComeAfterLaterOnes() {
        List<Instant> reordered = counted(run("faults:\n  - {type: out-of-order, stations: all, at: +0m,"
                + " duration: 6m, batch: 3}\n", 6));
        assertThat(reordered).containsExactly(START.plus(Duration.ofMinutes(2)), START.plus(Duration.ofMinutes(1)),
                START, START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(4)),
                START.plus(Duration.ofMinutes(3)));
        List<Instant> late = counted(run("faults:\n  - {type: late, stations: all, at: +1m, duration: 2m,"
                + " delay: 5m}\n", 8));
        assertThat(late).hasSize(8);
        assertThat(late.indexOf(START.plus(Duration.ofMinutes(1))))
                .isGreaterThan(late.indexOf(START.plus(Duration.ofMinutes(5))));
    }

    @Test
    void valueFaultsChangeValuesAndStatusAsSpecified() {
        List<Outgoing> out = run("""
                calibration:
                  - {stations: all, daily: "07:00", duration: 4m}
                faults:
                  - {type: device-fault, stations: all, parameter: SO2, at: +5m, duration: 2m}
                  - {type: out-of-range, stations: all, parameter: CO, at: +5m, duration: 1m}
                  - {type: flatline, stations: all, parameter: NO2, at: +5m, duration: 5m}
                  - {type: episode, stations: all, parameter: "PM2,5", at: +4m, duration: 4m, peak: 400}
                  - {type: clock-skew, stations: all, at: +9m, duration: 1m, skew: 90s}
                """, 10);
        List<Observation> sent = out.stream().map(Outgoing::observation).toList();
        // 07:00 local = START: calibration for the first 4 minutes, zero then span.
        for (int m = 0; m < 4; m++) {
            assertThat(sent.get(m).values()).allMatch(v -> v.status() == StationStatus.CALIBRATING);
        }
        assertThat(value(sent.get(0), "PM2,5")).isZero();
        assertThat(value(sent.get(3), "PM2,5")).isEqualTo(100.0);
        Measurement so2 = sent.get(5).values().stream().filter(v -> v.parameter().symbol().equals("SO2"))
                .findFirst().orElseThrow();
        assertThat(so2.status()).isEqualTo(StationStatus.DEVICE_ERROR);
        assertThat(value(sent.get(5), "CO")).isGreaterThan(station.parameter("CO").orElseThrow().max());
        assertThat(value(sent.get(6), "NO2")).isEqualTo(value(sent.get(5), "NO2"))
                .isEqualTo(value(sent.get(9), "NO2"));
        // Plateau of the episode (minutes 5 and 6 of 4..8): at least the peak.
        assertThat(value(sent.get(5), "PM2,5")).isGreaterThanOrEqualTo(400);
        assertThat(value(sent.get(6), "PM2,5")).isGreaterThanOrEqualTo(400);
        assertThat(sent.get(9).time()).isEqualTo(START.plus(Duration.ofMinutes(9)).plusSeconds(90));
        assertThat(truth.events()).extracting(e -> e.type()).contains("calibration", "device-fault", "out-of-range",
                "flatline", "episode", "clock-skew");
        assertThat(truth.events()).filteredOn(e -> e.type().equals("episode")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("peak=400.0",
                        "plateau=" + START.plus(Duration.ofMinutes(5)) + "/" + START.plus(Duration.ofMinutes(7))));
    }

    @Test
    void malformedDeliveriesAreNotCountedAsReadings() {
        List<Outgoing> out = run("faults:\n  - {type: malformed, stations: all, at: +1m, duration: 2m}\n", 4);
        assertThat(out).hasSize(4);
        assertThat(counted(out)).hasSize(2);
    }
}
