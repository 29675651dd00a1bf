package org.quantrac.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.config.SyntheticStations;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;

class SimulationTest {

    private static final Instant FROM = Instant.parse("2026-11-27T23:59:30Z");
    private static final Instant TO = Instant.parse("2026-11-28T00:00:30Z");

    /** Remembers what it was given, in order; every send succeeds at once. */
    private static final class RecordingSink implements ObservationSink {
        final List<Observation> sent = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<Void> send(Observation observation) {
            sent.add(observation);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    /** Records, in one list, when it prepared an observation and when it sent one. */
    private static final class PreparingSink implements ObservationSink {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Supplier<CompletableFuture<Void>> prepare(Observation observation) {
            calls.add("prepare " + observation.station().code() + " " + observation.time());
            return () -> {
                calls.add("send-prepared " + observation.station().code() + " " + observation.time());
                return CompletableFuture.completedFuture(null);
            };
        }

        @Override
        public CompletableFuture<Void> send(Observation observation) {
            calls.add("send " + observation.station().code() + " " + observation.time());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    private static List<Station> stations(int n) {
        return SyntheticStations.create(n, 5, Duration.ofSeconds(10), StationCatalog.builtIn().parameters());
    }

    private static RecordingSink backfill(List<Station> stations, boolean prepared, GroundTruth truth)
            throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        try (Simulation sim = new Simulation(new SignalModel(7), stations, s -> sink, StationBehaviour.PLAIN, truth,
                16)) {
            sim.backfill(FROM, TO, prepared);
        }
        return sink;
    }

    @Test
    void aPreparedBackfillDeliversTheSameObservationsInTheSameOrderAsAStreamingOne() throws InterruptedException {
        List<Station> stations = stations(25);
        GroundTruth streamedTruth = new GroundTruth(true);
        GroundTruth preparedTruth = new GroundTruth(true);

        RecordingSink streamed = backfill(stations, false, streamedTruth);
        RecordingSink prepared = backfill(stations, true, preparedTruth);

        // 10 s sampling over one minute: 6 measurement times per station
        assertThat(streamed.sent).hasSize(25 * 6);
        assertThat(prepared.sent).containsExactlyElementsOf(streamed.sent);
        assertThat(preparedTruth.observationsSent()).isEqualTo(25 * 6);
        assertThat(preparedTruth.readingsSent()).isEqualTo(25 * 6 * 5);
        assertThat(preparedTruth.readings()).containsExactlyInAnyOrderElementsOf(streamedTruth.readings());
    }

    @Test
    void aPreparedBackfillLetsTheSinkPrepareEveryObservationBeforeTheFirstSend() throws InterruptedException {
        List<Station> stations = stations(3);
        PreparingSink sink = new PreparingSink();
        GroundTruth truth = new GroundTruth(false);
        try (Simulation sim = new Simulation(new SignalModel(7), stations, s -> sink, StationBehaviour.PLAIN, truth,
                16)) {
            sim.backfill(FROM, TO, true);
        }

        // 3 stations × 6 measurement times: all prepared, then the prepared sends in the same order
        List<String> prepares = sink.calls.subList(0, 18);
        List<String> sends = sink.calls.subList(18, sink.calls.size());
        assertThat(prepares).allMatch(c -> c.startsWith("prepare "));
        assertThat(sends).hasSize(18).allMatch(c -> c.startsWith("send-prepared "));
        assertThat(sends).containsExactlyElementsOf(prepares.stream().map(c -> c.replace("prepare ", "send-prepared "))
                .toList());
        assertThat(truth.observationsSent()).isEqualTo(18);
    }

    @Test
    void aPreparedBackfillAsksTheGateEveryFiveHundredDeliveriesBeforeHandingThemOver() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        List<long[]> asked = new ArrayList<>();
        GroundTruth truth = new GroundTruth(false);
        try (Simulation sim = new Simulation(new SignalModel(7), stations(200), s -> sink, StationBehaviour.PLAIN,
                truth, 16)) {
            // what the gate was asked, and how many the sink had been given at that moment
            sim.backfill(FROM, TO, true, delivered -> asked.add(new long[] {delivered, sink.sent.size()}));
        }

        // 200 stations × 6 measurement times = 1,200 deliveries: asked before the 1st, the 501st and the 1,001st
        assertThat(asked).extracting(a -> a[0]).containsExactly(0L, 500L, 1000L);
        assertThat(asked).allMatch(a -> a[1] == a[0], "nothing handed over beyond what the gate was asked about");
        assertThat(truth.observationsSent()).isEqualTo(1200);
    }

    @Test
    void aStreamingBackfillSendsWithoutPreparing() throws InterruptedException {
        PreparingSink sink = new PreparingSink();
        try (Simulation sim = new Simulation(new SignalModel(7), stations(3), s -> sink, StationBehaviour.PLAIN,
                new GroundTruth(false), 16)) {
            sim.backfill(FROM, TO, false);
        }

        assertThat(sink.calls).hasSize(18).allMatch(c -> c.startsWith("send "));
    }

    @Test
    void aPreparedBackfillThatWouldNotFitInMemoryIsRefusedBeforeAnythingIsSent() {
        // one station every 10 s for 400 days is more than MAX_PREPARED observations
        List<Station> one = stations(1);
        RecordingSink sink = new RecordingSink();
        try (Simulation sim = new Simulation(new SignalModel(7), one, s -> sink, StationBehaviour.PLAIN,
                new GroundTruth(false), 16)) {
            assertThatThrownBy(() -> sim.backfill(FROM, FROM.plus(Duration.ofDays(400)), true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds every observation in memory")
                    .hasMessageContaining("shorten the period");
        }
        assertThat(sink.sent).isEmpty();
    }
}
