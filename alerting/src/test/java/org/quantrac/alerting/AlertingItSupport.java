package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.alerting.record.v1.AlertChange;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * What the alerting integration tests share: their own topics, consumer group and schema per test on the real Kafka
 * and TimescaleDB, an SMTP server (GreenMail), an HTTP webhook receiver failing twice per delivery, and helpers to
 * start alerting, send observations and read back alerts.
 */
abstract class AlertingItSupport {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String TOKEN = "test-token-0123456789abcdef";
    static final String SECRET = "webhook-secret";
    static final StationCatalog BUILT_IN = StationCatalog.builtIn();
    /** 2026-03-10 08:00 in Hanoi: readings carry fixed times; only the offline test uses the clock. */
    static final Instant T0 = Instant.parse("2026-03-10T01:00:00Z");
    static final String SO2_RULE = "qcvn05-2023.SO2.1h";
    static final String PH_RULE = "qcvn08-2023-B.pH";

    @TempDir
    Path dir;
    String topic;
    String alertsTopic;
    String group;
    String schema;
    DatabaseConfig database;
    Admin admin;
    KafkaProducer<String, byte[]> producer;
    WebhookReceiver webhook;
    final List<AlertingApp> apps = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        topic = TestServices.unique("alerting_it_readings");
        alertsTopic = TestServices.unique("alerting_it_alerts");
        group = TestServices.unique("alerting_it_group");
        schema = TestServices.unique("alerting_it");
        database = TestServices.freshSchema(schema);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        admin = Admin.create(ap);
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(alertsTopic, 3, (short) 1)))
                .all().get();
        TopicSetup.awaitWritable(admin, List.of(topic, alertsTopic), Duration.ofSeconds(30));
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        webhook = new WebhookReceiver(SECRET, 2);
    }

    @AfterEach
    void tearDown() {
        apps.forEach(AlertingApp::close);
        producer.close();
        admin.close();
        webhook.close();
    }

    static Station withInterval(String code, Duration interval) {
        Station s = BUILT_IN.byCode(code).orElseThrow();
        return new Station(s.id(), s.code(), s.name(), s.kind(), s.district(), s.latitude(), s.longitude(),
                s.protocol(), interval, s.parameters(), s.aqiEligible(), s.limitClass(), s.kq(), s.kf());
    }

    AlertingApp start(StationCatalog catalog) throws Exception {
        return start(catalog, Map.of());
    }

    AlertingApp start(StationCatalog catalog, Map<String, String> extra) throws Exception {
        return start(catalog, extra, Clock.systemUTC(), OpsServer.newRegistry());
    }

    /** Alerting on the given clock (simulated time) with the given metrics registry. */
    AlertingApp start(StationCatalog catalog, Map<String, String> extra, Clock clock,
                      PrometheusMeterRegistry registry) throws Exception {
        Path subscriptions = dir.resolve("subscriptions.yaml");
        Files.writeString(subscriptions, """
                groups:
                  - {name: river, stations: [QN-SW-02]}
                subscriptions:
                  - name: ops-hook
                    webhook: {url: "%s", secret: "%s"}
                    minSeverity: WARNING
                    throttle: 0s
                  - name: env-dept
                    email: {to: ["moitruong@quangninh.example"], language: vi}
                    groups: [river]
                    throttle: 8s
                """.formatted(webhook.url(), SECRET));
        Map<String, String> keys = new HashMap<>();
        keys.put("kafka.bootstrapServers", TestServices.kafka());
        keys.put("db.url", database.url());
        keys.put("db.user", database.user());
        keys.put("db.password", database.password());
        keys.put("alerting.topic", topic);
        keys.put("alerting.alertsTopic", alertsTopic);
        keys.put("alerting.groupId", group);
        keys.put("alerting.schema", schema);
        keys.put("alerting.ops.host", "127.0.0.1");
        keys.put("alerting.ops.port", "0");
        keys.put("alerting.api.host", "127.0.0.1");
        keys.put("alerting.api.port", "0");
        keys.put("alerting.api.token", TOKEN);
        keys.put("alerting.offlineCheck", "200ms");
        keys.put("alerting.notify.poll", "100ms");
        keys.put("alerting.notify.initialBackoff", "100ms");
        keys.put("alerting.subscriptions.file", subscriptions.toString());
        keys.put("alerting.smtp.host", "127.0.0.1");
        keys.put("alerting.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        keys.put("alerting.smtp.from", "quantrac@quangninh.example");
        keys.putAll(extra);
        ConfigSource source = ConfigSource.of(keys);
        AlertingConfig config = AlertingConfig.from(source);
        source.failOnUnknownKeys();
        AlertingApp app = AlertingApp.start(config, catalog, registry, clock);
        apps.add(app);
        return app;
    }

    static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    void send(Station s, Instant time, int parameterId, double value, StationStatus status) {
        Observation o = Observation.newBuilder().setStationId(s.id()).setTimeMs(time.toEpochMilli())
                .setReceivedMs(time.toEpochMilli())
                .addMeasurements(Measurement.newBuilder().setParameterId(parameterId).setValue(value)
                        .setStatus(status)).build();
        producer.send(new ProducerRecord<>(topic, s.code(), o.toByteArray()));
    }

    void so2(Station aq, int from, int to) {
        int so2 = aq.parameter("SO2").orElseThrow().id();
        for (int m = from; m <= to; m++) {
            send(aq, minute(m), so2, m >= 60 && m < 120 ? 500 : 100, StationStatus.MEASURING);
        }
        producer.flush();
    }

    void ph(Station sw, int minute, double value, StationStatus status) {
        send(sw, minute(minute), sw.parameter("pH").orElseThrow().id(), value, status);
    }

    HttpResponse<String> api(AlertingApp app, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort().orElseThrow()
                + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void disableOffline(AlertingApp app, String station) throws Exception {
        HttpResponse<String> r = api(app, "PUT", "/api/v1/stations/" + station + "/rules/offline",
                "{\"enabled\": false, \"by\": \"it\"}", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** One stored alert: rule, state, opened and resolved reading times. */
    record Row(String station, String rule, String state, Instant opened, Instant resolved) {
    }

    List<Row> alerts() throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement p = c.prepareStatement("SELECT station_code, rule_id, state, opened_at, resolved_at "
                     + "FROM alert ORDER BY id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime resolved = rs.getObject(5, OffsetDateTime.class);
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        resolved == null ? null : resolved.toInstant()));
            }
        }
        return out;
    }

    List<String> events() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement p = c.prepareStatement("SELECT a.rule_id, e.kind FROM alert_event e "
                     + "JOIN alert a ON a.id = e.alert_id ORDER BY e.id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    /** Everything on the alerts topic, waiting until there are {@code expected} records. */
    List<ConsumerRecord<String, AlertChange>> alertsOnTopic(int expected) {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        List<ConsumerRecord<String, AlertChange>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cp, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(alertsTopic, 0),
                    new TopicPartition(alertsTopic, 1), new TopicPartition(alertsTopic, 2));
            c.assign(parts);
            c.seekToBeginning(parts);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                            AlertChange.parseFrom(r.value())));
                }
                return out.size() >= expected;
            });
            // nothing more arrives
            c.poll(Duration.ofSeconds(1)).forEach(r -> out.add(null));
        }
        return out;
    }
}
