package org.quantrac.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * A topic, a schema and a producer of catalog observations with their ground truth, for processor tests on the real
 * servers. Values are in range and vary smoothly, so no QC flag but LATE is expected.
 */
final class ReadingsFixture implements AutoCloseable {

    static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final ZoneId LOCAL = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    final String topic = TestServices.unique("processor_fault");
    final String group = TestServices.unique("processor_fault_group");
    final String schema = TestServices.unique("processor_fault");
    final DatabaseConfig database = TestServices.freshSchema(schema);
    final int partitions;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    /** identity → value */
    private final Map<String, Double> sent = new HashMap<>();

    ReadingsFixture(int partitions) throws ExecutionException, InterruptedException {
        this.partitions = partitions;
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        admin = Admin.create(ap);
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        TopicSetup.awaitWritable(admin, List.of(topic), Duration.ofSeconds(30));
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    static String identity(int station, int parameter, long epochMs) {
        return station + "/" + parameter + "/" + epochMs;
    }

    /**
     * One observation per catalog station per minute; returns readings sent. Every record is acknowledged by the broker
     * before this returns (a send the producer gave up on fails the test here, not later as a "lost" reading).
     */
    int produce(int fromMinute, int minutes) {
        return send(fromMinute, minutes, s -> true, false);
    }

    /** The same for some stations only. */
    int produce(int fromMinute, int minutes, Predicate<Station> which) {
        return send(fromMinute, minutes, which, false);
    }

    /**
     * Sends readings of these minutes again with other values (a station re-sending its buffer): the identities are
     * already sent, so the ground truth keeps the first values (first write wins).
     */
    int resend(int fromMinute, int minutes) {
        return send(fromMinute, minutes, s -> true, true);
    }

    private int send(int fromMinute, int minutes, Predicate<Station> which, boolean again) {
        int readings = 0;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<Station> stations = CATALOG.all().stream().filter(which).toList();
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            long ms = T0.plus(Duration.ofMinutes(m)).toEpochMilli();
            for (Station st : stations) {
                Observation.Builder o = Observation.newBuilder().setStationId(st.id()).setTimeMs(ms);
                for (Parameter p : st.parameters()) {
                    double wave = Math.sin((st.id() * 7 + p.id() + m) / 50.0);
                    double v = p.min() + (p.max() - p.min()) * (again ? 0.7 : 0.4 + 0.1 * wave);
                    o.addMeasurements(Measurement.newBuilder().setParameterId(p.id()).setValue(v));
                    if (again) {
                        assertThat(sent).as("re-sent readings were sent before")
                                .containsKey(identity(st.id(), p.id(), ms));
                    } else {
                        sent.put(identity(st.id(), p.id(), ms), v);
                    }
                    readings++;
                }
                acks.add(producer.send(new ProducerRecord<>(topic, st.code(), o.build().toByteArray())));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the test's producer could not write to " + topic + ": " + e.getCause(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while producing", e);
            }
        }
        return readings;
    }

    int sentCount() {
        return sent.size();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    long count() throws SQLException {
        return rows("reading");
    }

    private long rows(String table) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every sent reading stored exactly once with its value, and nothing else. */
    void assertStoredEqualsSent() throws SQLException {
        Map<String, Double> stored = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT station_id, parameter_id, "
                     + "(extract(epoch FROM time) * 1000)::bigint, value, qc_flags FROM reading")) {
            while (rs.next()) {
                String id = identity(rs.getInt(1), rs.getInt(2), rs.getLong(3));
                assertThat(stored.put(id, rs.getDouble(4))).as("one row per identity: %s", id).isNull();
                // LATE is possible: hours rolled up while a restarted processor was still catching up
                assertThat(rs.getInt(5)).as("no QC flag but LATE on %s", id).isIn(0, QcFlag.LATE.bit());
            }
        }
        assertThat(stored).as(() -> "stored readings; " + describeMissing(stored)).hasSameSizeAs(sent);
        assertThat(stored).isEqualTo(sent);
    }

    /** Which sent readings are not stored, by station and minute, so a failure says where the gap is. */
    private String describeMissing(Map<String, Double> stored) {
        TreeMap<Integer, TreeSet<Long>> byStation = new TreeMap<>();
        int missing = 0;
        for (String id : sent.keySet()) {
            if (!stored.containsKey(id)) {
                String[] p = id.split("/");
                byStation.computeIfAbsent(Integer.parseInt(p[0]), k -> new TreeSet<>())
                        .add((Long.parseLong(p[2]) - T0.toEpochMilli()) / 60_000L);
                missing++;
            }
        }
        StringBuilder sb = new StringBuilder(missing + " missing on " + byStation.size() + " stations");
        byStation.entrySet().stream().limit(12).forEach(e -> sb.append("; station ").append(e.getKey())
                .append(" (partition ").append(partitionOf(e.getKey())).append(") minutes ").append(e.getValue().first()).append("..").append(e.getValue().last())
                .append(" (").append(e.getValue().size()).append(')'));
        return sb.toString();
    }

    /** The partition the default partitioner gives the station's key. */
    private int partitionOf(int stationId) {
        byte[] key = CATALOG.byId(stationId).orElseThrow().code().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key))
                % partitions;
    }

    /** One rollup row: readings counted (all valid here), mean, minimum, maximum. */
    record Aggregate(long count, double avg, double min, double max) {
        Aggregate plus(double v) {
            return new Aggregate(count + 1, (avg * count + v) / (count + 1), Math.min(min, v), Math.max(max, v));
        }
    }

    /**
     * The hourly and local-day rollups equal those computed from the ground truth (every reading sent is valid: LATE
     * does not invalidate).
     */
    void assertRollupsEqualSent() throws SQLException {
        Map<String, Aggregate> hours = new HashMap<>();
        Map<String, Aggregate> days = new HashMap<>();
        Aggregate none = new Aggregate(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        sent.forEach((identity, value) -> {
            String[] p = identity.split("/");
            long ms = Long.parseLong(p[2]);
            String series = p[0] + "/" + p[1] + "/";
            hours.merge(series + Math.floorDiv(ms, 3_600_000L) * 3_600_000L, none.plus(value), (a, b) -> a.plus(value));
            days.merge(series + Instant.ofEpochMilli(ms).atZone(LOCAL).toLocalDate(), none.plus(value),
                    (a, b) -> a.plus(value));
        });
        assertThat(rollups("SELECT station_id, parameter_id, (extract(epoch FROM hour_start) * 1000)::bigint::text, "
                + "valid_count, total_count, avg_value, min_value, max_value FROM reading_hourly"))
                .as("hourly rollups").usingRecursiveComparison()
                .withComparatorForType(ReadingsFixture::closeEnough, Double.class)
                .isEqualTo(hours);
        assertThat(rollups("SELECT station_id, parameter_id, day::text, valid_count, total_count, avg_value, "
                + "min_value, max_value FROM reading_daily"))
                .as("local-day rollups").usingRecursiveComparison()
                .withComparatorForType(ReadingsFixture::closeEnough, Double.class)
                .isEqualTo(days);
    }

    /** Hours marked for a rollup run and not yet rolled up. */
    long dirtyMarks() throws SQLException {
        return rows("rollup_dirty");
    }

    /** Once the processor has rolled up every marked hour, the rollups equal the ground truth's. */
    void awaitRollupsEqualSent() throws SQLException {
        await("every dirty hour and day rolled up").atMost(Duration.ofSeconds(60)).until(() -> dirtyMarks() == 0);
        assertRollupsEqualSent();
    }

    /** Sums in another order differ in the last bits. */
    private static int closeEnough(Double a, Double b) {
        return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.max(Math.abs(a), Math.abs(b))) ? 0 : Double.compare(a, b);
    }

    private Map<String, Aggregate> rollups(String sql) throws SQLException {
        Map<String, Aggregate> rows = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                assertThat(rs.getInt(4)).as("all valid").isEqualTo(rs.getInt(5));
                rows.put(rs.getInt(1) + "/" + rs.getInt(2) + "/" + rs.getString(3),
                        new Aggregate(rs.getInt(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)));
            }
        }
        return rows;
    }

    /** Per series "station/parameter": "epochMs=value" of its newest sent reading (ground truth of reading_latest). */
    Map<String, String> newestSent() {
        Map<String, Long> newest = new HashMap<>();
        sent.keySet().forEach(id -> {
            String[] p = id.split("/");
            newest.merge(p[0] + "/" + p[1], Long.parseLong(p[2]), Math::max);
        });
        Map<String, String> out = new HashMap<>();
        newest.forEach((series, ms) -> out.put(series, ms + "=" + sent.get(series + "/" + ms)));
        return out;
    }

    /** reading_latest in the form of {@link #newestSent()}. */
    Map<String, String> latestTable() throws SQLException {
        return series("SELECT station_id, parameter_id, (extract(epoch FROM time) * 1000)::bigint, value "
                + "FROM reading_latest");
    }

    /** Whole rows (time to the microsecond, value, status, QC flags) of reading_latest, or of the newest readings. */
    Map<String, String> latestRows(boolean fromReadings) throws SQLException {
        return series(fromReadings
                ? "SELECT DISTINCT ON (station_id, parameter_id) station_id, parameter_id, "
                        + "(extract(epoch FROM time) * 1000000)::bigint, value, status, qc_flags FROM reading "
                        + "ORDER BY station_id, parameter_id, time DESC"
                : "SELECT station_id, parameter_id, (extract(epoch FROM time) * 1000000)::bigint, value, status, "
                        + "qc_flags FROM reading_latest");
    }

    private Map<String, String> series(String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder().append(rs.getLong(3)).append('=').append(rs.getDouble(4));
                for (int i = 5; i <= columns; i++) {
                    row.append(' ').append(rs.getLong(i));
                }
                out.put(rs.getInt(1) + "/" + rs.getInt(2), row.toString());
            }
        }
        return out;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    Map<Integer, Long> storedOffsets() throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kafka_partition, next_offset FROM ingest_offset "
                     + "WHERE consumer_group = '" + group + "' AND topic = '" + topic + "'")) {
            while (rs.next()) {
                offsets.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return offsets;
    }

    Map<Integer, Long> endOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(spec).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
