package org.quantrac.alerting.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.quantrac.alerting.aqi.AqiSource;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.quantrac.alerting.rules.Decision;
import org.quantrac.alerting.rules.Evaluator;
import org.quantrac.alerting.rules.RuleKind;
import org.quantrac.alerting.rules.Sample;
import org.quantrac.core.record.RecordMapping;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that decides: polls the readings topic with the alerting's own consumer group, judges each
 * observation, fires the offline timer between polls, and stores decisions with the offsets they cover.
 *
 * <p>Restart without duplicates: on assignment each partition is sought back {@code warmup} (longer than the longest
 * window) and records below the offset stored with the last decisions are replayed with {@code decide = false}: they
 * rebuild windows and pending conditions only, while open alerts come from the database. Records from the stored
 * offset on are decided again, which is safe because they had no stored decisions yet.
 */
public final class EvaluationLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Offsets of records without decisions are stored at most this often (bounds re-deciding after a crash). */
    private static final Duration OFFSET_EVERY = Duration.ofSeconds(5);
    /** How often open alerts are compared with the database (manual resolutions through another replica). */
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);
    /** Transient database errors are retried this long (the group keeps us meanwhile) before the role fails. */
    private static final Duration STORE_GIVE_UP = Duration.ofMinutes(2);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final String group;
    private final StationCatalog catalog;
    private final Evaluator evaluator;
    private final AlertStore store;
    private final Runnable eventsStored;
    private final Clock clock;
    private final Duration warmup;
    private final Duration tick;
    private final Map<Integer, Long> decideFrom = new HashMap<>();
    private AqiSource aqi;
    private final Map<Integer, Long> pendingOffsets = new HashMap<>();
    /** Calibrations seen and not yet stored; stored with the next decisions or offsets. */
    private final List<Evaluator.Calibration> pendingCalibrations = new ArrayList<>();
    private final ConcurrentLinkedQueue<Alert> resolvedByHand = new ConcurrentLinkedQueue<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Counter observations;
    private final Counter opened;
    private final Counter resolved;
    private final Timer latency;
    private int partitionCount;
    private final Map<String, Integer> partitionByStation = new HashMap<>();
    private int partitionsCountedFor;
    private Set<TopicPartition> stationsPartitions = Set.of();
    private int stationsCountedFor;
    private List<Station> stationsOfPartitions = List.of();
    private Instant nextTick = Instant.MIN;
    private Instant lastOffsetStore = Instant.MIN;
    private Instant nextReconcile = Instant.MIN;
    private volatile boolean running = true;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile Throwable failure;

    public EvaluationLoop(Consumer<byte[], byte[]> consumer, String topic, String group, StationCatalog catalog,
                          Evaluator evaluator, AlertStore store, Runnable eventsStored, Clock clock,
                          Duration warmup, Duration tick, MeterRegistry registry) {
        this.consumer = consumer;
        this.topic = topic;
        this.group = group;
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.store = store;
        this.eventsStored = eventsStored;
        this.clock = clock;
        this.warmup = warmup;
        this.tick = tick;
        this.observations = Counter.builder("quantrac_alerting_observations_total")
                .description("Observations judged (warm-up replay included)").register(registry);
        this.opened = Counter.builder("quantrac_alerting_alerts_opened_total").register(registry);
        this.resolved = Counter.builder("quantrac_alerting_alerts_resolved_total")
                .description("Alerts resolved automatically").register(registry);
        this.latency = Timer.builder("quantrac_alerting_alert_latency")
                .description("Measurement time to alert opened and stored (readings in time, not late data)")
                .publishPercentiles(0.5, 0.99).register(registry);
        FunctionCounter.builder("quantrac_alerting_late_ignored_total", evaluator, Evaluator::tooLate)
                .description("Readings older than alerting.lateData behind their station's newest: not judged")
                .register(registry);
    }

    /** Judges the processor's hourly AQI too (AQI rules), on this loop's thread. */
    public EvaluationLoop withAqi(AqiSource source) {
        this.aqi = source;
        return this;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                lastPollNanos = System.nanoTime();
                step(records);
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (Throwable e) { // NOPMD - anything escaping the loop must stop the role, not leave a silent thread
            failure = e;
            LOG.error("Alert evaluation stopped [topic: {}]: {}", topic, e.toString(), e);
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the consumer: {}", e.toString());
            }
        }
    }

    private void step(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        for (Alert a = resolvedByHand.poll(); a != null; a = resolvedByHand.poll()) {
            String ruleId = a.ruleId();
            catalog.byId(a.stationId()).ifPresent(s -> evaluator.markResolved(s, ruleId));
        }
        Instant now = clock.instant();
        // Before judging: every earlier decision is stored, so the database is the whole truth here.
        if (!now.isBefore(nextReconcile) && !consumer.assignment().isEmpty()) {
            nextReconcile = now.plus(RECONCILE_EVERY);
            try {
                Set<String> unresolved = new HashSet<>();
                for (Alert a : store.unresolved()) {
                    unresolved.add(a.stationId() + "/" + a.ruleId());
                }
                evaluator.reconcile(stationsOf(consumer.assignment()), unresolved);
            } catch (SQLException e) {
                LOG.warn("Comparing open alerts with the database failed, next try in {}: {}", RECONCILE_EVERY,
                        e.toString());
            }
        }
        List<Decision> decisions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            boolean decide = r.offset() >= decideFrom.getOrDefault(r.partition(), 0L);
            judge(r, decide ? now : null, decisions);
            if (decide) {
                pendingOffsets.put(r.partition(), r.offset() + 1);
            }
        }
        if (!now.isBefore(nextTick)) {
            nextTick = now.plus(tick);
            checkOffline(now, decisions);
        }
        pendingCalibrations.addAll(evaluator.drainCalibrations());
        boolean offsetsDue = !pendingOffsets.isEmpty()
                && Duration.between(lastOffsetStore, now).compareTo(OFFSET_EVERY) >= 0;
        if (!decisions.isEmpty() || offsetsDue) {
            List<AlertEvent> events = storeWithRetry(decisions);
            pendingCalibrations.clear();
            Instant stored = clock.instant();
            for (Decision d : decisions) {
                // measurement time to the alert stored; late data and the wall-clock offline timer say nothing of us
                if (d.type() == Decision.Type.OPEN && !d.late() && d.rule().kind() != RuleKind.OFFLINE) {
                    latency.record(Math.max(0, Duration.between(d.time(), stored).toMillis()),
                            TimeUnit.MILLISECONDS);
                }
            }
            pendingOffsets.clear();
            lastOffsetStore = now;
            for (AlertEvent e : events) {
                LOG.debug("Alert {} [station: {}] [rule: {}] [alert: {}]", e.kind(), e.alert().stationCode(),
                        e.alert().ruleId(), e.alert().id());
                (e.kind() == AlertEvent.Kind.OPENED ? opened : resolved).increment();
            }
            if (!events.isEmpty()) {
                eventsStored.run();
            }
        }
        if (aqi != null && !consumer.assignment().isEmpty()) {
            List<AlertEvent> events;
            try {
                events = aqi.poll(now, stationsOf(consumer.assignment()));
            } catch (SQLException e) {
                LOG.warn("Storing AQI alert decisions failed, rebuilding from the stored cursor: {}", e.toString());
                aqi.reset();
                nextReconcile = Instant.MIN; // the evaluator's open alerts back to what the database says
                events = List.of();
            }
            for (AlertEvent e : events) {
                (e.kind() == AlertEvent.Kind.OPENED ? opened : resolved).increment();
            }
            if (!events.isEmpty()) {
                eventsStored.run();
            }
        }
    }

    /**
     * Stores decisions and offsets, retrying a failed transaction (rolled back as a whole, and idempotent: an open
     * adopts, a resolve is guarded) with backoff; gives up after {@link #STORE_GIVE_UP} and fails the role.
     */
    private List<AlertEvent> storeWithRetry(List<Decision> decisions) throws SQLException {
        long deadline = System.nanoTime() + STORE_GIVE_UP.toNanos();
        long backoffMs = 250;
        while (true) {
            try {
                return store.apply(decisions, pendingCalibrations, group, topic, pendingOffsets);
            } catch (SQLException e) {
                if (System.nanoTime() + backoffMs * 1_000_000L > deadline || !running) {
                    throw e;
                }
                LOG.warn("Storing {} alert decisions failed, retrying in {} ms: {}", decisions.size(), backoffMs,
                        e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    /** @param arrived the clock for a record whose decisions count; null in the warm-up replay (decisions off) */
    private void judge(ConsumerRecord<byte[], byte[]> r, Instant arrived, List<Decision> decisions) {
        Observation o;
        try {
            o = Observation.parseFrom(r.value() == null ? new byte[0] : r.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("Undecodable observation at {}-{}@{}", r.topic(), r.partition(), r.offset());
            return;
        }
        Station station = catalog.byId(o.getStationId()).orElse(null);
        if (station == null) {
            return; // not a catalog station (benchmark's synthetic ones): no rules
        }
        List<Sample> samples = new ArrayList<>(o.getMeasurementsCount());
        for (Measurement m : o.getMeasurementsList()) {
            samples.add(new Sample(m.getParameterId(), m.getValue(), RecordMapping.fromRecord(m.getStatus())));
        }
        observations.increment();
        Instant time = Instant.ofEpochMilli(o.getTimeMs());
        decisions.addAll(evaluator.observe(station, time, samples, arrived != null, arrived));
    }

    /** The offline timer: only for stations of partitions that have caught up with their stored decisions. */
    private void checkOffline(Instant now, List<Decision> decisions) {
        Set<Integer> live = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (consumer.position(tp) >= decideFrom.getOrDefault(tp.partition(), 0L)) {
                live.add(tp.partition());
            }
        }
        if (live.isEmpty()) {
            return;
        }
        for (Station s : catalog.all()) {
            if (live.contains(partitionOf(s))) {
                decisions.addAll(evaluator.checkOffline(s, now));
            }
        }
    }

    /**
     * The partition Kafka's default partitioner gives a record keyed by the station code: the connectors use it, so
     * the stations whose offline timer this instance runs are exactly those whose records it receives.
     */
    int partitionOf(Station s) {
        // Memoised: every poll asks for the stations of the assignment (AQI rules), i.e. the whole catalog.
        if (partitionsCountedFor != partitionCount) {
            partitionByStation.clear();
            partitionsCountedFor = partitionCount;
        }
        return partitionByStation.computeIfAbsent(s.code(), code ->
                Utils.toPositive(Utils.murmur2(code.getBytes(StandardCharsets.UTF_8))) % partitionCount);
    }

    private List<Station> stationsOf(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || partitionCount == 0) {
            return List.of();
        }
        if (partitionCount == stationsCountedFor && partitions.equals(stationsPartitions)) {
            return stationsOfPartitions;
        }
        List<Station> out = owners(partitions);
        stationsPartitions = Set.copyOf(partitions);
        stationsCountedFor = partitionCount;
        stationsOfPartitions = out;
        return out;
    }

    private List<Station> owners(Collection<TopicPartition> partitions) {
        Set<Integer> ps = new HashSet<>();
        partitions.forEach(tp -> ps.add(tp.partition()));
        List<Station> out = new ArrayList<>();
        for (Station s : catalog.all()) {
            if (ps.contains(partitionOf(s))) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Decisions are stored as they are made; unstored offsets of records without decisions are simply
            // decided again by the next owner.
            evaluator.forget(stationsOf(partitions).stream().map(Station::id).toList());
            if (aqi != null) {
                aqi.reset();
            }
            partitions.forEach(tp -> decideFrom.remove(tp.partition()));
            pendingOffsets.keySet().removeIf(p -> partitions.stream().anyMatch(tp -> tp.partition() == p));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                assigned.countDown();
                return;
            }
            partitionCount = consumer.partitionsFor(topic).size();
            if (aqi != null) {
                aqi.reset();
            }
            Instant now = clock.instant();
            try {
                Map<Integer, Long> stored = store.storedOffsets(group, topic);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> since = new HashMap<>();
                partitions.forEach(tp -> since.put(tp, now.minus(warmup).toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> warm = consumer.offsetsForTimes(since);
                for (TopicPartition tp : partitions) {
                    // A group that never decided starts deciding at the end: history is warm-up, not news.
                    long from = stored.getOrDefault(tp.partition(), ends.get(tp));
                    OffsetAndTimestamp w = warm.get(tp);
                    long start = Math.min(w == null ? ends.get(tp) : w.offset(), from);
                    decideFrom.put(tp.partition(), from);
                    consumer.seek(tp, start);
                    LOG.debug("Partition {} [warm-up from: {}] [decide from: {}]", tp, start, from);
                }
                List<Station> owned = stationsOf(partitions);
                Set<Integer> ownedIds = new HashSet<>();
                for (Station s : owned) {
                    ownedIds.add(s.id());
                    evaluator.watch(s, now);
                }
                for (Alert a : store.unresolved()) {
                    if (ownedIds.contains(a.stationId())) {
                        catalog.byId(a.stationId()).ifPresent(s -> evaluator.markOpen(s, a.ruleId()));
                    }
                }
                for (Evaluator.Calibration k : store.calibrations()) {
                    if (ownedIds.contains(k.stationId())) {
                        catalog.byId(k.stationId()).ifPresent(s -> evaluator.calibrated(s, k.parameterId(),
                                k.time()));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load stored offsets and open alerts: " + e.getMessage(), e);
            }
            assigned.countDown();
        }
    }

    /** A person resolved this alert: the evaluator must stop treating it as open (applied on the loop's thread). */
    public void resolvedByHand(Alert alert) {
        resolvedByHand.add(alert);
    }

    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean polledWithin(Duration d) {
        return System.nanoTime() - lastPollNanos < d.toNanos();
    }

    public Throwable failure() {
        return failure;
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }
}
