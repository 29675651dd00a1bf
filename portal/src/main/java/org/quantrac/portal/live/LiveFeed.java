package org.quantrac.portal.live;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the readings topic and pushes every observation to the dashboards (event bus address {@link #ADDRESS},
 * fanned out by {@link SseEndpoint}). Every portal replica must see every observation, so the consumer assigns itself
 * all partitions without a consumer group and starts at the end: live means from now on; what came before is in the
 * database. Keeps the newest observation per station (the snapshot a new dashboard starts from) and per-station
 * message counts for the technicians' message rate.
 */
public final class LiveFeed implements AutoCloseable {

    public static final String ADDRESS = "quantrac.portal.live";
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final StationCatalog catalog;
    private final ZoneId zone;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    /** Dead letters for the technicians; empty: not followed. */
    private final String dlqTopic;
    private final Map<String, ArrayDeque<String>> deadLetters = new ConcurrentHashMap<>();
    private static final int DEAD_LETTERS_PER_STATION = 50;
    private static final Duration DEAD_LETTER_HISTORY = Duration.ofHours(24);
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Map<String, String> snapshot = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Long>> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final Map<String, ArrayDeque<String>> recent = new ConcurrentHashMap<>();
    private static final int RECENT_PER_STATION = 20;

    public LiveFeed(Vertx vertx, StationCatalog catalog, String bootstrapServers, String clientId, String topic,
                    String dlqTopic, ZoneId zone, Clock clock) {
        this.dlqTopic = dlqTopic;
        this.vertx = vertx;
        this.catalog = catalog;
        this.zone = zone;
        this.clock = clock;
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "portal-live-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Waits until the consumer is positioned on every partition (tests publish only after that). */
    public boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = waitForPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> dlq = dlqTopic.isEmpty() ? List.of() : partitionsOf(dlqTopic);
            List<TopicPartition> all = new ArrayList<>(partitions);
            all.addAll(dlq);
            consumer.assign(all);
            consumer.seekToEnd(partitions);
            seekDeadLetters(dlq);
            all.forEach(consumer::position);
            assigned.countDown();
            LOG.info("Live feed following {} ({} partitions){}", topic, partitions.size(),
                    dlq.isEmpty() ? "" : " and dead letters of the last day from " + dlqTopic);
            while (!closed.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(topic)) {
                        accept(r.value());
                    } else {
                        acceptDeadLetter(r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                LOG.error("live feed woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("live feed stopped: dashboards get no live values until the portal restarts", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private List<TopicPartition> partitionsOf(String name) {
        List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        }
        if (out.isEmpty()) {
            LOG.warn("dead-letter topic {} not found: technicians see no rejected payloads", name);
        }
        return out;
    }

    /** Dead letters of the last day, so a technician opening the view sees recent rejections at once. */
    private void seekDeadLetters(List<TopicPartition> dlq) {
        if (dlq.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> since = new java.util.HashMap<>();
        long t = clock.millis() - DEAD_LETTER_HISTORY.toMillis();
        dlq.forEach(tp -> since.put(tp, t));
        consumer.seekToEnd(dlq);
        consumer.offsetsForTimes(since).forEach((tp, o) -> {
            if (o != null) {
                consumer.seek(tp, o.offset());
            }
        });
    }

    void acceptDeadLetter(byte[] value) {
        DeadLetter d;
        try {
            d = DeadLetter.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("skipping a record that is not a DeadLetter: {}", e.getMessage());
            return;
        }
        String code = d.getStationCode().isEmpty() ? "?" : d.getStationCode();
        String json = Json.object(g -> {
            g.writeStringField("station", code);
            g.writeStringField("received", Json.time(Instant.ofEpochMilli(d.getReceivedMs()), zone));
            g.writeStringField("reason", d.getReason());
            g.writeStringField("detail", d.getDetail());
            g.writeStringField("source", d.getSourceRef());
            g.writeStringField("connector", d.getConnector());
            // the raw payload as text (what a technician reads) and exactly (base64)
            g.writeStringField("payloadText", d.getPayload().toStringUtf8());
            g.writeStringField("payloadBase64", java.util.Base64.getEncoder().encodeToString(
                    d.getPayload().toByteArray()));
        });
        ArrayDeque<String> q = deadLetters.computeIfAbsent(code, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addFirst(json);
            if (q.size() > DEAD_LETTERS_PER_STATION) {
                q.removeLast();
            }
        }
    }

    /** The station's dead letters of the last day (newest first); code {@code ?}: those without a station. */
    public List<String> deadLetters(String stationCode) {
        ArrayDeque<String> q = deadLetters.get(stationCode);
        if (q == null) {
            return List.of();
        }
        synchronized (q) {
            return List.copyOf(q);
        }
    }

    /** The topic may not exist yet when the portal starts before the connectors created it: wait for it. */
    private List<TopicPartition> waitForPartitions() {
        while (!closed.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> out = new ArrayList<>();
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                return out;
            }
            LOG.warn("topic {} not found yet; the live feed retries", topic);
            try {
                Thread.sleep(5_000); // polling for the topic's creation, not waiting for a test condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    void accept(byte[] value) {
        Observation o;
        try {
            o = Observation.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("skipping a record that is not an Observation: {}", e.getMessage());
            return;
        }
        Optional<Station> station = catalog.byId(o.getStationId());
        if (station.isEmpty()) {
            return;
        }
        String json = toJson(station.get(), o);
        snapshot.merge(station.get().code(), json, (old, neu) -> newer(old, neu));
        long now = clock.millis();
        ArrayDeque<Long> q = arrivals.computeIfAbsent(station.get().code(), k -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(now);
            while (!q.isEmpty() && q.peekFirst() < now - RATE_WINDOW.toMillis()) {
                q.pollFirst();
            }
        }
        ArrayDeque<String> last = recent.computeIfAbsent(station.get().code(), k -> new ArrayDeque<>());
        synchronized (last) {
            last.addFirst(json);
            if (last.size() > RECENT_PER_STATION) {
                last.removeLast();
            }
        }
        received.incrementAndGet();
        vertx.eventBus().publish(ADDRESS, json);
    }

    /** Keeps the observation with the later measurement time (a backfill must not replace the current value). */
    private static String newer(String old, String neu) {
        return timeOf(neu).compareTo(timeOf(old)) >= 0 ? neu : old;
    }

    private static String timeOf(String json) {
        int i = json.indexOf("\"timeMs\":");
        return i < 0 ? "" : String.format("%020d", Long.parseLong(json.substring(i + 9, json.indexOf(',', i))));
    }

    private String toJson(Station s, Observation o) {
        return Json.object(g -> {
            g.writeStringField("station", s.code());
            g.writeNumberField("timeMs", o.getTimeMs());
            g.writeStringField("time", Json.time(Instant.ofEpochMilli(o.getTimeMs()), zone));
            g.writeArrayFieldStart("values");
            for (Measurement m : o.getMeasurementsList()) {
                Optional<Parameter> p = s.parameters().stream().filter(x -> x.id() == m.getParameterId())
                        .findFirst();
                g.writeStartObject();
                g.writeStringField("parameter", p.map(Parameter::symbol).orElse(String.valueOf(m.getParameterId())));
                g.writeStringField("unit", p.map(Parameter::unit).orElse(""));
                g.writeNumberField("value", m.getValue());
                g.writeNumberField("status", m.getStatusValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** The newest observation of every station seen since start, as the JSON pushed to dashboards. */
    public Collection<String> snapshot() {
        return List.copyOf(snapshot.values());
    }

    /** Observations per minute over the last ten minutes. */
    public double messagesPerMinute(String stationCode) {
        ArrayDeque<Long> q = arrivals.get(stationCode);
        if (q == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (q) {
            while (!q.isEmpty() && q.peekFirst() < now - RATE_WINDOW.toMillis()) {
                q.pollFirst();
            }
            return q.size() / (double) RATE_WINDOW.toMinutes();
        }
    }

    /** The station's last observations as received (newest first), for the technicians. */
    public List<String> recent(String stationCode) {
        ArrayDeque<String> q = recent.get(stationCode);
        if (q == null) {
            return List.of();
        }
        synchronized (q) {
            return List.copyOf(q);
        }
    }

    public long received() {
        return received.get();
    }

    public boolean running() {
        return thread.isAlive();
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
