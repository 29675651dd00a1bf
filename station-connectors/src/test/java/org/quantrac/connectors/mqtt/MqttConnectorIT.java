package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.record.v1.StationEvent;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * Stations publish over the real Mosquitto with their own credentials; the connector writes to the real Kafka.
 * Other publishers may use the same station topics meanwhile, so records are matched by this run's unique times and
 * nonce, and counted exactly.
 */
class MqttConnectorIT {

    static final StationCatalog CATALOG = StationCatalog.builtIn();
    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    ConnectorFixture fixture;
    PrometheusMeterRegistry registry;
    ConnectorsApp app;
    final String nonce = TestServices.unique("n");
    /** A base time no other run uses: a random minute in the last days plus random milliseconds. */
    final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES)
            .minus(ThreadLocalRandom.current().nextInt(60, 5000), ChronoUnit.MINUTES)
            .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
    /** TT10 has whole seconds: its times get a random second in the minute instead. */
    final Instant tt10Base = base.truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.DAYS)
            .plusSeconds(ThreadLocalRandom.current().nextInt(1, 60));

    @BeforeEach
    void start() {
        fixture = new ConnectorFixture();
        registry = OpsServer.newRegistry();
        app = ConnectorsApp.start(fixture.config(), CATALOG, registry);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
            app.close(); // idempotent
        }
    }

    static String json(Instant t, String values) {
        return "{\"station\":null,\"time\":\"" + t.atOffset(ZoneOffset.ofHours(7)) + "\",\"values\":[" + values + "]}";
    }

    static String tt10Time(Instant t) {
        return LocalDateTime.ofInstant(t, HCM).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    static Observation observation(ConsumerRecord<String, byte[]> r) {
        try {
            return Observation.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static DeadLetter deadLetter(ConsumerRecord<String, byte[]> r) {
        try {
            return DeadLetter.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void validReadingsReachKafkaAndEveryBadOneIsDeadLetteredWithItsReason() throws Exception {
        List<Instant> aq01Times = new ArrayList<>();
        List<Instant> aq02Times = new ArrayList<>();
        List<Instant> aq03Times = new ArrayList<>();
        Instant tBad = tt10Base.plus(30, ChronoUnit.MINUTES);
        Instant partly = base.plus(30, ChronoUnit.MINUTES);
        try (StationClient aq01 = new StationClient("QN-AQ-01", TestServices.unique("aq01"));
             StationClient aq02 = new StationClient("QN-AQ-02", TestServices.unique("aq02"));
             StationClient aq03 = new StationClient("QN-AQ-03", TestServices.unique("aq03"));
             StationClient gateway = new StationClient("quantrac-gateway", TestServices.unique("gw"))) {
            // QN-AQ-01: 20 JSON observations, the first 5 sent twice (a datalogger replaying its backlog).
            for (int i = 0; i < 20; i++) {
                Instant t = base.plus(i, ChronoUnit.MINUTES);
                aq01Times.add(t);
                assertThat(aq01.publish("stations/QN-AQ-01/data", json(t,
                        "{\"parameter\":\"PM2,5\",\"value\":" + (i + 0.5) + ",\"unit\":\"µg/Nm3\"},"
                                + "{\"parameter\":\"SO2\",\"value\":" + (i / 1000.0) + ",\"unit\":\"mg/Nm3\"},"
                                + "{\"parameter\":\"O3\",\"value\":61,\"status\":\"01\"}"))).isZero();
            }
            for (int i = 0; i < 5; i++) {
                aq01.publish("stations/QN-AQ-01/data", json(aq01Times.get(i),
                        "{\"parameter\":\"PM2,5\",\"value\":" + (i + 0.5) + ",\"unit\":\"µg/Nm3\"},"
                                + "{\"parameter\":\"SO2\",\"value\":" + (i / 1000.0) + ",\"unit\":\"mg/Nm3\"},"
                                + "{\"parameter\":\"O3\",\"value\":61,\"status\":\"01\"}"));
            }
            // QN-AQ-02: 10 TT10 messages of two times each, then one with a good, a malformed and an unknown line.
            for (int i = 0; i < 10; i++) {
                Instant t1 = tt10Base.plus(2L * i, ChronoUnit.MINUTES);
                Instant t2 = tt10Base.plus(2L * i + 1, ChronoUnit.MINUTES);
                aq02Times.add(t1);
                aq02Times.add(t2);
                aq02.publish("stations/QN-AQ-02/tt10", "PM10\t" + (i + 1) + ",5\tµg/Nm3\t" + tt10Time(t1) + "\t00\n"
                        + "CO\t" + i + "\tmg/Nm3\t" + tt10Time(t1) + "\t00\n"
                        + "PM10\t" + (i + 2) + "\tµg/Nm3\t" + tt10Time(t2) + "\t02\n");
            }
            aq02Times.add(tBad);
            aq02.publish("stations/QN-AQ-02/tt10", "PM10\t7\t\t" + tt10Time(tBad) + "\t00\n"
                    + "SO2\t12\t" + nonce + "\n"
                    + "Dust\t1\t\t" + tt10Time(tBad) + "\t00\n");
            // QN-AQ-03: 10 good observations, one partly bad, and five bad ones.
            for (int i = 0; i < 10; i++) {
                Instant t = base.plus(i, ChronoUnit.MINUTES);
                aq03Times.add(t);
                aq03.publish("stations/QN-AQ-03/data", json(t, "{\"parameter\":\"PM10\",\"value\":" + (100 + i) + "}"));
            }
            aq03Times.add(partly);
            aq03.publish("stations/QN-AQ-03/data", "{\"nonce\":\"" + nonce + "\",\"time\":\""
                    + partly.atOffset(ZoneOffset.UTC) + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":5},"
                    + "{\"parameter\":\"XYZ\",\"value\":1},{\"parameter\":\"SO2\",\"value\":NaN}]}");
            aq03.publish("stations/QN-AQ-03/data", "not json " + nonce);
            aq03.publish("stations/QN-AQ-03/data", "{\"nonce\":\"" + nonce
                    + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":5}]}");
            aq03.publish("stations/QN-AQ-03/data", "{\"nonce\":\"" + nonce + "\",\"station\":\"QN-AQ-01\",\"time\":\""
                    + partly + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":5}]}");
            aq03.publish("stations/QN-AQ-03/data", "{\"nonce\":\"" + nonce + "\",\"time\":\""
                    + Instant.now().plus(1, ChronoUnit.HOURS) + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":5}]}");
            // An unregistered station, through the gateway account (a station account cannot use another's topic).
            gateway.publish("stations/QN-XX-99/data", json(partly,
                    "{\"parameter\":\"PM10\",\"value\":5,\"nonce\":\"" + nonce + "\"}"));
        }

        Set<Long> mine = new HashSet<>();
        aq01Times.forEach(t -> mine.add(t.toEpochMilli()));
        aq02Times.forEach(t -> mine.add(t.toEpochMilli()));
        aq03Times.forEach(t -> mine.add(t.toEpochMilli()));
        int expectedReadings = 25 + 21 + 11;
        try (TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings);
             TopicReader dlq = new TopicReader(TestServices.kafka(), fixture.dlq)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ours(readings.poll(), mine).size()).as("readings").isGreaterThanOrEqualTo(expectedReadings);
                assertThat(ourLetters(dlq.poll()).stream().map(DeadLetter::getReason).collect(Collectors.toList()))
                        .as("dead letters").hasSizeGreaterThanOrEqualTo(9);
            });
            // Once more, so that an extra record would show.
            List<ConsumerRecord<String, byte[]>> got = ours(readings.poll(), mine);
            List<DeadLetter> letters = ourLetters(dlq.poll());

            assertThat(got).hasSize(expectedReadings);
            Map<String, List<Observation>> byStation = got.stream().collect(Collectors.groupingBy(
                    ConsumerRecord::key, Collectors.mapping(MqttConnectorIT::observation, Collectors.toList())));
            assertThat(byStation.keySet()).containsExactlyInAnyOrder("QN-AQ-01", "QN-AQ-02", "QN-AQ-03");

            List<Observation> aq01 = byStation.get("QN-AQ-01");
            assertThat(aq01).hasSize(25).allSatisfy(o -> {
                assertThat(o.getStationId()).isEqualTo(1);
                assertThat(o.getSource()).isEqualTo(Source.MQTT_JSON);
                assertThat(o.getSourceRef()).isEqualTo("stations/QN-AQ-01/data");
                assertThat(o.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(1, 4, 8);
            });
            // Duplicates keep their identity: 20 distinct times, the first five twice.
            Map<Long, Long> perTime = aq01.stream().collect(Collectors.groupingBy(Observation::getTimeMs,
                    Collectors.counting()));
            assertThat(perTime).hasSize(20);
            for (int i = 0; i < 20; i++) {
                long t = aq01Times.get(i).toEpochMilli();
                assertThat(perTime.get(t)).isEqualTo(i < 5 ? 2L : 1L);
                Observation o = aq01.stream().filter(x -> x.getTimeMs() == t).findFirst().orElseThrow();
                assertThat(o.getMeasurements(0).getValue()).isEqualTo(i + 0.5);
                assertThat(o.getMeasurements(1).getValue()).isCloseTo(i, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(o.getMeasurements(2).getStatus()).isEqualTo(StationStatus.CALIBRATING);
            }

            List<Observation> aq02 = byStation.get("QN-AQ-02");
            assertThat(aq02).hasSize(21).allSatisfy(o -> assertThat(o.getSource()).isEqualTo(Source.MQTT_TT10));
            assertThat(aq02).extracting(Observation::getTimeMs).containsExactlyInAnyOrderElementsOf(
                    aq02Times.stream().map(Instant::toEpochMilli).collect(Collectors.toList()));
            Observation first = aq02.stream().filter(o -> o.getTimeMs() == aq02Times.get(0).toEpochMilli())
                    .findFirst().orElseThrow();
            assertThat(first.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(2, 7);
            assertThat(first.getMeasurements(0).getValue()).isEqualTo(1.5);
            Observation second = aq02.stream().filter(o -> o.getTimeMs() == aq02Times.get(1).toEpochMilli())
                    .findFirst().orElseThrow();
            assertThat(second.getMeasurements(0).getStatus()).isEqualTo(StationStatus.DEVICE_ERROR);
            Observation bad = aq02.stream().filter(o -> o.getTimeMs() == tBad.toEpochMilli()).findFirst().orElseThrow();
            assertThat(bad.getMeasurementsList()).extracting(Measurement::getValue).containsExactly(7.0);

            List<Observation> aq03 = byStation.get("QN-AQ-03");
            assertThat(aq03).hasSize(11);
            Observation partlyObs = aq03.stream().filter(o -> o.getTimeMs() == partly.toEpochMilli())
                    .findFirst().orElseThrow();
            assertThat(partlyObs.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(2);

            Map<String, Long> reasons = letters.stream().collect(Collectors.groupingBy(DeadLetter::getReason,
                    Collectors.counting()));
            Map<String, Long> expected = new HashMap<>();
            expected.put("MALFORMED_TT10", 1L);
            expected.put("UNKNOWN_PARAMETER", 2L);
            expected.put("NOT_A_NUMBER", 1L);
            expected.put("MALFORMED_JSON", 1L);
            expected.put("MISSING_FIELD", 1L);
            expected.put("STATION_MISMATCH", 1L);
            expected.put("TIME_IN_FUTURE", 1L);
            expected.put("UNKNOWN_STATION", 1L);
            assertThat(reasons).isEqualTo(expected);
            DeadLetter unknown = letters.stream().filter(l -> l.getReason().equals("UNKNOWN_STATION")).findFirst()
                    .orElseThrow();
            assertThat(unknown.getStationCode()).isEqualTo("QN-XX-99");
            assertThat(unknown.getSourceRef()).isEqualTo("stations/QN-XX-99/data");
            assertThat(unknown.getConnector()).isEqualTo(fixture.clientId);
            DeadLetter garbage = letters.stream().filter(l -> l.getReason().equals("MALFORMED_JSON")).findFirst()
                    .orElseThrow();
            assertThat(garbage.getPayload().toString(StandardCharsets.UTF_8)).isEqualTo("not json " + nonce);

            // The counter per reason counts exactly the dead letters written (of anyone's messages).
            Map<String, Long> allReasons = dlq.poll().stream().map(MqttConnectorIT::deadLetter)
                    .collect(Collectors.groupingBy(DeadLetter::getReason, Collectors.counting()));
            allReasons.forEach((reason, n) -> assertThat(registry.get("quantrac.connector.dlq")
                    .tag("reason", reason).counter().count()).as(reason).isEqualTo(n.doubleValue()));
            assertThat(registry.scrape()).contains("quantrac_connector_dlq_total{reason=\"UNKNOWN_STATION\"}");
        }
        // HEALTH events: others may publish for QN-AQ-03 too, so at least our 15 messages and 6 rejected items.
        try (TopicReader events = new TopicReader(TestServices.kafka(), fixture.events)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<StationEvent> health = events.poll().stream().map(r -> {
                    try {
                        return StationEvent.parseFrom(r.value());
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                }).filter(e -> e.getKind() == StationEvent.Kind.HEALTH && e.getStationCode().equals("QN-AQ-03"))
                        .collect(Collectors.toList());
                long messages = health.stream().mapToLong(e -> Long.parseLong(e.getDetail().split(" ")[0])).sum();
                long rejected = health.stream().mapToLong(e -> Long.parseLong(e.getDetail().split(" ")[2])).sum();
                assertThat(messages).isGreaterThanOrEqualTo(15);
                assertThat(rejected).isGreaterThanOrEqualTo(6);
                assertThat(health).allSatisfy(e -> assertThat(e.getMessagesPerMinute()).isPositive());
            });
        }
    }

    /**
     * A datalogger's backlog upload: one message holding an array of observations. Good elements reach Kafka as one
     * record each (in the array's order), and a bad element is dead-lettered with its index and costs only itself.
     */
    @Test
    void anArrayOfObservationsIsSplitIntoRecordsAndItsBadElementsAreDeadLettered() throws Exception {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            times.add(base.plus(40 + i, ChronoUnit.MINUTES));
        }
        String local = times.get(2).atOffset(ZoneOffset.ofHours(7)).toLocalDateTime().toString();
        String batch = "["
                + json(times.get(0), "{\"parameter\":\"PM10\",\"value\":40}") + ","
                + "{\"nonce\":\"" + nonce + "\",\"time\":\"" + times.get(1).atOffset(ZoneOffset.ofHours(7))
                + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":41},{\"parameter\":\"SO2\",\"value\":NaN}]},"
                + "{\"time\":\"" + local + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":42}]},"
                + json(times.get(3), "{\"parameter\":\"PM10\",\"value\":43}") + ","
                + json(times.get(4), "{\"parameter\":\"PM10\",\"value\":44}") + "]";
        try (StationClient aq04 = new StationClient("QN-AQ-04", TestServices.unique("aq04"))) {
            assertThat(aq04.publish("stations/QN-AQ-04/data", batch)).isZero();
        }
        Set<Long> mine = new HashSet<>();
        times.forEach(t -> mine.add(t.toEpochMilli()));
        try (TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings);
             TopicReader dlq = new TopicReader(TestServices.kafka(), fixture.dlq)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ours(readings.poll(), mine)).hasSizeGreaterThanOrEqualTo(4);
                assertThat(ourLetters(dlq.poll())).hasSizeGreaterThanOrEqualTo(2);
            });
            // Once more, so that an extra record would show.
            List<Observation> got = ours(readings.poll(), mine).stream().map(MqttConnectorIT::observation)
                    .filter(o -> o.getStationId() == CATALOG.byCode("QN-AQ-04").orElseThrow().id())
                    .collect(Collectors.toList());
            assertThat(got).extracting(Observation::getTimeMs).containsExactly(times.get(0).toEpochMilli(),
                    times.get(1).toEpochMilli(), times.get(3).toEpochMilli(), times.get(4).toEpochMilli());
            assertThat(got).extracting(o -> o.getMeasurements(0).getValue()).containsExactly(40.0, 41.0, 43.0, 44.0);
            assertThat(got).allSatisfy(o -> assertThat(o.getMeasurementsCount()).isEqualTo(1));
            List<DeadLetter> letters = ourLetters(dlq.poll());
            assertThat(letters).extracting(DeadLetter::getReason).containsExactlyInAnyOrder("NOT_A_NUMBER",
                    "BAD_TIME");
            assertThat(letters).extracting(DeadLetter::getDetail).anySatisfy(d -> assertThat(d).startsWith("[1] "))
                    .anySatisfy(d -> assertThat(d).startsWith("[2] ").contains("no offset"));
            assertThat(letters).allSatisfy(l -> assertThat(l.getPayload().toString(StandardCharsets.UTF_8))
                    .isEqualTo(batch));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> ours(List<ConsumerRecord<String, byte[]>> all,
                                                             Set<Long> times) {
        return all.stream().filter(r -> times.contains(observation(r).getTimeMs())).collect(Collectors.toList());
    }

    private List<DeadLetter> ourLetters(List<ConsumerRecord<String, byte[]>> all) {
        return all.stream().map(MqttConnectorIT::deadLetter)
                .filter(l -> l.getPayload().toString(StandardCharsets.UTF_8).contains(nonce))
                .collect(Collectors.toList());
    }

    @Test
    void aStationCannotPublishOnAnotherStationsTopic() throws Exception {
        Instant spoofed = base;
        Instant own = base.plus(1, ChronoUnit.MINUTES);
        try (StationClient aq01 = new StationClient("QN-AQ-01", TestServices.unique("aq01"));
             StationClient aq03 = new StationClient("QN-AQ-03", TestServices.unique("aq03"))) {
            int denied = aq01.publish("stations/QN-AQ-03/data", json(spoofed, "{\"parameter\":\"PM10\",\"value\":1}"));
            assertThat(denied).isEqualTo(135);
            assertThat(aq03.publish("stations/QN-AQ-03/data", json(own, "{\"parameter\":\"PM10\",\"value\":2}")))
                    .isZero();
        }
        try (TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
            Set<Long> both = Set.of(spoofed.toEpochMilli(), own.toEpochMilli());
            await().atMost(Duration.ofSeconds(30)).until(() -> !ours(readings.poll(), both).isEmpty());
            List<ConsumerRecord<String, byte[]>> got = ours(readings.poll(), both);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).key()).isEqualTo("QN-AQ-03");
            assertThat(observation(got.get(0)).getTimeMs()).isEqualTo(own.toEpochMilli());
            assertThat(observation(got.get(0)).getMeasurements(0).getValue()).isEqualTo(2.0);
        }
    }

    @Test
    void aWrongPasswordFailsTheStartWithAClearMessage() {
        ConnectorFixture other = new ConnectorFixture();
        java.util.Map<String, String> keys = other.keys();
        keys.put("connectors.mqtt.password", "wrong");
        org.quantrac.core.config.ConfigSource source = org.quantrac.core.config.ConfigSource.of(keys);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectorsApp.start(
                org.quantrac.connectors.config.ConnectorsConfig.from(source), CATALOG, OpsServer.newRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the MQTT broker " + TestServices.mqtt())
                .hasMessageContaining("quantrac-connector")
                .hasMessageContaining("connectors.mqtt.serverUri, username and password");
    }

    @Test
    void aStationSpeakingMqtt311IsReadToo() throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                TestServices.mqtt(), TestServices.unique("aq07-v3"),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setUserName("QN-AQ-07");
        o.setPassword(TestServices.mqttCredentials().getProperty("QN-AQ-07").toCharArray());
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        v3.connect(o);
        Set<Long> times = new HashSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                Instant t = base.plus(i, ChronoUnit.MINUTES);
                times.add(t.toEpochMilli());
                v3.publish("stations/QN-AQ-07/data", json(t, "{\"parameter\":\"PM10\",\"value\":" + (70 + i) + "}")
                        .getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            v3.disconnect();
            v3.close();
        }
        try (TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ours(readings.poll(), times).size() >= 3);
            List<ConsumerRecord<String, byte[]>> got = ours(readings.poll(), times);
            assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo("QN-AQ-07"));
            assertThat(got.stream().map(r -> observation(r).getMeasurements(0).getValue()))
                    .containsExactlyInAnyOrder(70.0, 71.0, 72.0);
        }
    }

    @Test
    void onlineStateAndLastWillBecomeStationEvents() throws Exception {
        Instant online = base;
        Instant killedAfter = Instant.now();
        String stateTopic = "stations/QN-AQ-05/state";
        StationClient station = new StationClient("QN-AQ-05", TestServices.unique("aq05"), stateTopic,
                "{\"state\":\"offline\"}");
        station.publish(stateTopic, ("{\"state\":\"online\",\"time\":\"" + online + "\"}")
                .getBytes(StandardCharsets.UTF_8), true);
        station.kill();
        try (TopicReader events = new TopicReader(TestServices.kafka(), fixture.events)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ourEvents(events.poll(), online, killedAfter).size() >= 2);
            List<StationEvent> got = ourEvents(events.poll(), online, killedAfter);
            assertThat(got).extracting(StationEvent::getKind).containsExactly(StationEvent.Kind.CONNECTED,
                    StationEvent.Kind.DISCONNECTED);
            assertThat(got.get(0).getTimeMs()).isEqualTo(online.toEpochMilli());
            assertThat(got).allSatisfy(e -> {
                assertThat(e.getStationCode()).isEqualTo("QN-AQ-05");
                assertThat(e.getConnector()).isEqualTo(fixture.clientId);
            });
        } finally {
            try (StationClient cleaner = new StationClient("QN-AQ-05", TestServices.unique("aq05"))) {
                cleaner.publish(stateTopic, new byte[0], true); // clears the retained state again
            }
        }
    }

    private static List<StationEvent> ourEvents(List<ConsumerRecord<String, byte[]>> all, Instant online,
                                                Instant killedAfter) {
        return all.stream().filter(r -> "QN-AQ-05".equals(r.key())).map(r -> {
            try {
                return StationEvent.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(e -> e.getKind() == StationEvent.Kind.CONNECTED ? e.getTimeMs() == online.toEpochMilli()
                : e.getTimeMs() >= killedAfter.toEpochMilli())
                // A retained "offline" left on the shared broker by an earlier run (the simulator's tests mark their
                // stations offline) reaches the connector when it subscribes, before our station came online: only
                // what follows our own CONNECTED is this test's doing.
                .dropWhile(e -> e.getKind() != StationEvent.Kind.CONNECTED)
                .collect(Collectors.toList());
    }
}
