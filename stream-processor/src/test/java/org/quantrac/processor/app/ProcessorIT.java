package org.quantrac.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;

/**
 * The processor end to end on real Kafka and TimescaleDB: exact rows, and exactly-once in effect across a restart
 * with re-sent observations and a Kafka commit that lags the database.
 */
class ProcessorIT {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Instant T0 = Instant.parse("2026-11-27T01:00:00Z");
    private static final int PARTITIONS = 3;

    private String topic;
    private String group;
    private String schema;
    private DatabaseConfig database;
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;
    private final List<ProcessorApp> apps = new ArrayList<>();
    /** Ground truth: identity → value sent first. */
    private final Map<String, Double> sent = new HashMap<>();
    private final Map<String, Integer> sentFlags = new HashMap<>();

    @BeforeEach
    void setUp() throws ExecutionException, InterruptedException {
        topic = TestServices.unique("processor_it");
        group = TestServices.unique("processor_it_group");
        schema = TestServices.unique("processor_it");
        database = TestServices.freshSchema(schema);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        admin = Admin.create(ap);
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        TopicSetup.awaitWritable(admin, List.of(topic), Duration.ofSeconds(30));
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        apps.forEach(ProcessorApp::close);
        producer.close();
        admin.close();
    }

    private ProcessorApp startProcessor(PrometheusMeterRegistry registry) {
        ConfigSource source = ConfigSource.of(Map.of("kafka.bootstrapServers", TestServices.kafka(),
                "processor.batchSize", "700", "processor.linger", "100ms", "processor.ops.host", "127.0.0.1",
                "processor.qc.series", "false",
                "processor.ops.port", "0"));
        ProcessorConfig config = ProcessorConfig.from(source).with(topic, group, database, schema);
        ProcessorApp app = ProcessorApp.start(config, CATALOG, registry);
        apps.add(app);
        return app;
    }

    private static String identity(int station, int parameter, long epochMs) {
        return station + "/" + parameter + "/" + epochMs;
    }

    /** Inside the parameter's range, except every tenth minute's first parameter, which is above it. */
    private static double valueOf(Station station, Parameter p, int minute) {
        if (minute % 10 == 3 && p.equals(station.parameters().get(0))) {
            return p.max() + 1;
        }
        double fraction = ((station.id() * 31 + p.id() * 7 + minute) % 97 + 1) / 99.0;
        return p.min() + (p.max() - p.min()) * fraction;
    }

    /** Sends one observation per station (the first {@code stations} of the catalog) per minute. */
    private int produce(int stations, int fromMinute, int minutes, boolean resend) throws Exception {
        int readings = 0;
        List<Station> list = new ArrayList<>(CATALOG.all()).subList(0, stations);
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            long ms = T0.plus(Duration.ofMinutes(m)).toEpochMilli();
            for (Station st : list) {
                Observation.Builder o = Observation.newBuilder().setStationId(st.id()).setTimeMs(ms)
                        .setReceivedMs(ms);
                for (Parameter p : st.parameters()) {
                    boolean calibrating = (st.id() + m) % 17 == 0;
                    // a re-sent reading carries a different value: the stored one must stay
                    double v = resend ? -1 : valueOf(st, p, m);
                    o.addMeasurements(Measurement.newBuilder().setParameterId(p.id()).setValue(v)
                            .setStatus(calibrating ? StationStatus.CALIBRATING : StationStatus.MEASURING));
                    String id = identity(st.id(), p.id(), ms);
                    if (!resend) {
                        sent.put(id, v);
                        boolean outOfRange = m % 10 == 3 && p.equals(st.parameters().get(0));
                        sentFlags.put(id, (calibrating ? QcFlag.CALIBRATING.bit() : 0)
                                | (outOfRange ? QcFlag.RANGE.bit() : 0));
                    }
                    readings++;
                }
                producer.send(new ProducerRecord<>(topic, st.code(), o.build().toByteArray()));
            }
        }
        producer.flush();
        return readings;
    }

    private void produceUnknownStation() {
        Observation o = Observation.newBuilder().setStationId(987_654).setTimeMs(T0.toEpochMilli())
                .addMeasurements(Measurement.newBuilder().setParameterId(1).setValue(5)).build();
        producer.send(new ProducerRecord<>(topic, "QN-UNKNOWN", o.toByteArray()));
        producer.flush();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    private long count() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertStoredEqualsGroundTruth() throws SQLException {
        Map<String, Double> values = new HashMap<>();
        Map<String, Integer> flags = new HashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT station_id, parameter_id, "
                     + "(extract(epoch FROM time) * 1000)::bigint, value, qc_flags FROM reading")) {
            while (rs.next()) {
                String id = identity(rs.getInt(1), rs.getInt(2), rs.getLong(3));
                assertThat(values.put(id, rs.getDouble(4))).as("one row per identity: %s", id).isNull();
                flags.put(id, rs.getInt(5));
            }
        }
        assertThat(values).isEqualTo(sent);
        assertThat(flags).isEqualTo(sentFlags);
    }

    private Map<Integer, Long> storedOffsets() throws SQLException {
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

    private Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            spec.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(spec).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    private static double counter(PrometheusMeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void storesExactRowsThenResumesFromTheDatabaseAcrossRestartsWithoutDuplicates() throws Exception {
        // Phase 1: 20 stations x 30 minutes.
        int firstReadings = produce(20, 0, 30, false);
        produceUnknownStation();
        PrometheusMeterRegistry registry1 = OpsServer.newRegistry();
        ProcessorApp app = startProcessor(registry1);

        await().atMost(Duration.ofSeconds(60)).until(() -> count() == firstReadings);
        assertStoredEqualsGroundTruth();
        await().atMost(Duration.ofSeconds(10)).until(() -> storedOffsets().equals(endOffsets()));
        assertThat(registry1.get("quantrac.processor.readings.rejected").tag("reason", "unknown_station").counter()
                .count()).isEqualTo(1.0);
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.opsPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        app.close();
        app.close(); // idempotent

        // Simulate a crash between the database commit and the Kafka commit: Kafka's committed offsets go back to 0.
        Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
        }
        admin.alterConsumerGroupOffsets(group, zero).all().get();

        // Phase 2: 20 more minutes, and minutes 25..29 re-sent with other values (a station re-sending its buffer).
        int newReadings = produce(20, 30, 20, false);
        int resentReadings = produce(20, 25, 5, true);
        PrometheusMeterRegistry registry2 = OpsServer.newRegistry();
        startProcessor(registry2);

        await().atMost(Duration.ofSeconds(60)).until(() -> storedOffsets().equals(endOffsets()));
        assertThat(count()).isEqualTo(firstReadings + newReadings);
        assertStoredEqualsGroundTruth();
        // Resumed from ingest_offset: only the re-sent readings met stored rows, nothing of phase 1 was read again.
        assertThat(counter(registry2, "quantrac.processor.rows.written")).isEqualTo(newReadings);
        assertThat(counter(registry2, "quantrac.processor.rows.duplicate")).isEqualTo(resentReadings);
        assertThat(counter(registry2, "quantrac.processor.batches.fallback")).isPositive();
        assertThat(registry2.get("quantrac.processor.readings.rejected").tag("reason", "unknown_station").counter()
                .count()).isZero();
    }
}
