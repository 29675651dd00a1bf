package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quantrac.alerting.rules.RuleBook;
import org.quantrac.alerting.rules.StationRule;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.scenario.Scenario;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthEvent;
import org.quantrac.simulator.truth.TruthReading;

/**
 * Issue 6's scenario test: four simulated hours of six stations under a scenario with pollution episodes, two outages
 * (one replaying its backlog) and calibration windows give exactly the alerts that the simulator's ground truth
 * implies, opening and resolving at the expected times — and no other alert on the background signal.
 *
 * <p><b>Path.</b> The real simulator engine ({@link SteppedSimulation}: one backfill with the scenario's behaviour,
 * fixed seed) produces the observations, and {@link ReadingsTopicSink} writes them to this test's readings topic on
 * the real Kafka in the record format the station connectors write (key = station code, one {@code Observation} per
 * instant, canonical units, status mapped as the connectors map it): not through MQTT and the connectors, whose
 * mapping and delivery their own ITs prove, so that simulated time can be stepped exactly. Alerting is the real role
 * on the real Kafka and TimescaleDB with the default QCVN rules.
 *
 * <p><b>Simulated time.</b> Alerting runs on {@link SimulatedTime}. The test advances it in 5-minute steps: the
 * simulator delivers a step's observations, alerting judges all of them, then the clock moves to the step's end and
 * the evaluation loop runs its offline check at that time before the next step's data is sent. So the offline
 * timer, whose opening time is the clock's, opens at an exactly known step boundary: the first one later than the
 * station's newest reading plus its missed intervals (a real deployment checks every second instead).
 *
 * <p><b>Expectations</b> come from the ground truth, not from a previous run: {@link ExpectedAlerts} works out every
 * limit rule's alerts from the delivered readings and the rule's definition, and the offline alerts from the
 * delivered times and the check times; the scenario's events (episode plateaus, the outages, the calibration windows)
 * then bound those times as docs/scenarios.md promises.
 */
class ScenarioAlertsIT extends AlertingItSupport {

    /** 07:00 in Hanoi: the morning traffic peak, in the dry season. */
    private static final Instant START = Instant.parse("2026-03-10T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(4));
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final long SEED = 610;
    private static final List<String> STATIONS = List.of("QN-AQ-01", "QN-AQ-02", "QN-AQ-03", "QN-SW-01", "QN-WW-02",
            "QN-WW-04");
    private static final String PH_A = "qcvn08-2023-A.pH";
    private static final String COD_B = "qcvn40-2011-B.COD";
    /** Times relative to START. */
    private static final String SCENARIO = """
            calibration:
              - stations: [QN-WW-04]     # zero then span check for an hour, status 01: pH 0 / 1.4 (limit 6-9)
                daily: "08:30"           # local time: START + 1h30
                duration: 1h
            faults:
              - type: episode            # SO2 far above QCVN 05's 1 h limit (350)
                stations: [QN-AQ-01]
                parameter: SO2
                at: +30m
                duration: 2h
                peak: 500
              - type: episode            # river pH above QCVN 08 class A's 6.5-8.5 (15 minutes)
                stations: [QN-SW-01]
                parameter: pH
                at: +1h
                duration: 1h
                peak: 9.5
              - type: episode            # wastewater COD above QCVN 40 column B's 150 x Kq 0.9 x Kf 1.0
                stations: [QN-WW-02]
                parameter: COD
                at: +90m
                duration: 1h
                peak: 300
              - type: offline            # 30 minutes without data (no backlog): offline after 3 intervals
                stations: [QN-AQ-02]
                at: +1h
                duration: 30m
                backlog: false
              - type: offline            # 20 minutes down; back, it replays what it measured (backlog)
                stations: [QN-AQ-02]
                at: +150m
                duration: 20m
              - type: calibration        # the NO2 analyser calibrates throughout an NO2 episode; listed first,
                stations: [QN-AQ-03]     # so the values sent are the episode's (600+ µg/Nm3), flagged 01
                parameter: NO2
                at: +45m
                duration: 2h
              - type: episode
                stations: [QN-AQ-03]
                parameter: NO2
                at: +1h
                duration: 1h
                peak: 600
            """;

    @Test
    void scenarioGivesExactlyTheAlertsItsGroundTruthImplies() throws Exception {
        List<Station> stations = STATIONS.stream().map(c -> BUILT_IN.byCode(c).orElseThrow()).toList();
        StationCatalog catalog = new StationCatalog(stations, ParameterCatalog.builtIn());
        SimulatedTime time = new SimulatedTime(START, "alerting-" + topic);
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        start(catalog, Map.of(), time, registry);

        ReadingsTopicSink sink = new ReadingsTopicSink(producer, topic);
        List<Instant> checks = new ArrayList<>();
        GroundTruth truth;
        try (SteppedSimulation simulation = new SteppedSimulation(SEED, Scenario.parse(SCENARIO, START,
                "ScenarioAlertsIT"), stations, sink, START, END)) {
            for (Instant t = START.plus(STEP); !t.isAfter(END); t = t.plus(STEP)) {
                simulation.runUntil(t, Duration.ofSeconds(30));
                long sent = sink.sent();
                await().atMost(Duration.ofSeconds(30)).until(() -> judged(registry) >= sent);
                time.advanceTo(t, Duration.ofSeconds(30));
                checks.add(t);
            }
            simulation.finish(Duration.ofSeconds(30));
            truth = simulation.truth();
        }
        assertThat(truth.observationsFailed()).isZero();
        assertThat(judged(registry)).isEqualTo(truth.observationsSent());

        // every rule of every station, worked out from what was delivered
        RuleBook rules = RuleBook.defaults();
        List<TruthReading> readings = truth.readings();
        List<Row> expected = new ArrayList<>();
        for (Station s : stations) {
            for (StationRule r : rules.forStation(s)) {
                if (!r.rule().inForceAt(START)) {
                    continue;
                }
                switch (r.kind()) {
                    case MAX: case MIN: case RANGE:
                        expected.addAll(ExpectedAlerts.valueRule(s, r, readings));
                        break;
                    case OFFLINE:
                        expected.addAll(ExpectedAlerts.offline(s, r, readings, START, checks, backlogs(truth, s)));
                        break;
                    default:
                        // device error: no status 02 is sent; calibration overdue: 30 days; AQI: no hourly AQI rows
                        break;
                }
            }
        }
        assertThat(readings).noneMatch(r -> r.status().equals(StationStatus.DEVICE_ERROR.code()));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(alerts()).containsExactlyInAnyOrderElementsOf(expected));

        // ... and that is what the scenario says: one alert per episode and outage, within the documented bounds
        assertThat(expected).extracting(a -> a.station() + " " + a.rule()).containsExactlyInAnyOrder(
                "QN-AQ-01 " + SO2_RULE, "QN-SW-01 " + PH_A, "QN-WW-02 " + COD_B, "QN-AQ-02 offline",
                "QN-AQ-02 offline");
        for (String code : List.of("QN-AQ-01", "QN-SW-01", "QN-WW-02")) {
            Row alert = only(expected, code);
            TruthEvent episode = event(truth, "episode", code);
            StationRule r = rule(rules, station(stations, code), alert.rule());
            // a value rule needs its window (1 h mean) or its duration (15 min) of plateau values at most to open,
            // and the window to leave the episode at most to clear; it cannot open before the episode starts
            Duration lag = r.rule().window().plus(r.persistFor());
            assertThat(alert.opened()).as(code).isAfterOrEqualTo(episode.from().plus(r.persistFor()))
                    .isBeforeOrEqualTo(plateau(episode)[0].plus(lag));
            assertThat(alert.resolved()).as(code).isAfter(plateau(episode)[1])
                    .isBeforeOrEqualTo(episode.to().plus(r.rule().window()));
        }
        List<Row> offline = expected.stream().filter(a -> a.station().equals("QN-AQ-02")).toList();
        List<TruthEvent> outages = truth.events().stream().filter(e -> e.type().equals("offline")).toList();
        assertThat(offline).hasSize(2);
        assertThat(outages).hasSize(2);
        Station aq2 = station(stations, "QN-AQ-02");
        Duration offlineAfter = rule(rules, aq2, "offline").offlineAfter();
        for (int i = 0; i < 2; i++) {
            Instant lastBefore = outages.get(i).from().minus(aq2.interval());
            assertThat(offline.get(i).opened()).isAfter(lastBefore.plus(offlineAfter))
                    .isBeforeOrEqualTo(lastBefore.plus(offlineAfter).plus(STEP));
            // back at the outage's end: the first observation after it, or (the second) the backlog arriving then
            // — never the backlog's older measurement times
            assertThat(offline.get(i).resolved()).isEqualTo(outages.get(i).to());
        }

        // the calibrating stations sent values beyond their limits, flagged 01, and got nothing: had the same values
        // been valid measurements, their rules would have opened
        assertThat(truth.events()).extracting(e -> e.type() + " " + e.station())
                .contains("calibration QN-AQ-03", "calibration QN-WW-04");
        List<TruthReading> unflagged = readings.stream().map(r -> new TruthReading(r.station(), r.stationId(),
                r.parameter(), r.parameterId(), r.time(), r.value(), StationStatus.MEASURING.code())).toList();
        Station aq3 = station(stations, "QN-AQ-03");
        Station ww4 = station(stations, "QN-WW-04");
        assertThat(ExpectedAlerts.valueRule(aq3, rule(rules, aq3, "qcvn05-2023.NO2.1h"), unflagged)).isNotEmpty();
        assertThat(ExpectedAlerts.valueRule(ww4, rule(rules, ww4, "qcvn40-2011-A.pH"), unflagged)).isNotEmpty();
        assertThat(events()).hasSize(10); // five openings, five resolutions
    }

    /** The station's outages whose measurements were kept and replayed: {from, to}. */
    private static List<Instant[]> backlogs(GroundTruth truth, Station s) {
        return truth.events().stream().filter(e -> e.type().equals("offline") && e.station().equals(s.code())
                && e.detail().contains("backlog=true")).map(e -> new Instant[] {e.from(), e.to()}).toList();
    }

    private static double judged(PrometheusMeterRegistry registry) {
        return registry.get("quantrac_alerting_observations_total").counter().count();
    }

    private static Row only(List<Row> rows, String station) {
        List<Row> of = rows.stream().filter(r -> r.station().equals(station)).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private static TruthEvent event(GroundTruth truth, String type, String station) {
        Optional<TruthEvent> e = truth.events().stream()
                .filter(x -> x.type().equals(type) && x.station().equals(station)).findFirst();
        assertThat(e).as(type + " at " + station).isPresent();
        return e.get();
    }

    /** The episode's plateau from its ground-truth detail {@code plateau=START/END}. */
    private static Instant[] plateau(TruthEvent episode) {
        String p = episode.detail().replaceAll(".*plateau=(\\S+).*", "$1");
        String[] ends = p.split("/");
        return new Instant[] {Instant.parse(ends[0]), Instant.parse(ends[1])};
    }

    private static Station station(List<Station> stations, String code) {
        return stations.stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow();
    }

    private static StationRule rule(RuleBook rules, Station s, String id) {
        return rules.forStation(s).stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
