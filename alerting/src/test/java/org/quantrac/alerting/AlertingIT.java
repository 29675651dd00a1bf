package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.quantrac.alerting.record.v1.AlertChange;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * Alerting end to end: readings that cross limits at known times give exactly the expected alerts, notifications
 * and alerts-topic records, across a graceful restart and across a kill -9.
 */
class AlertingIT extends AlertingItSupport {

    @Test
    void limitsCrossedAtKnownTimesGiveExactlyTheExpectedAlertsAcrossARestart() throws Exception {
        Station aq = withInterval("QN-AQ-01", Duration.ofMinutes(1));
        Station sw = withInterval("QN-SW-02", Duration.ofMinutes(5));
        StationCatalog catalog = new StationCatalog(List.of(aq, sw), ParameterCatalog.builtIn());
        AlertingApp first = start(catalog);
        // readings carry fixed past times: the offline rule would fire at once, so switch it off per station
        disableOffline(first, "QN-AQ-01");
        disableOffline(first, "QN-SW-02");

        // pH (class B, 6.0–8.5, 15 minutes): breach from minute 15, opens at 30
        for (int m = 0; m <= 30; m += 5) {
            ph(sw, m, m >= 15 ? 9.0 : 7.0, StationStatus.MEASURING);
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessages().length == 1);

        // calibration is excluded, 8.45 is inside the hysteresis, 7.0 clears at 45; calibrating 9.5 never opens;
        // a device error interrupts the condition at 80, which opens again at 100 (15 minutes after 85)
        ph(sw, 35, 4.0, StationStatus.CALIBRATING);
        ph(sw, 40, 8.45, StationStatus.MEASURING);
        ph(sw, 45, 7.0, StationStatus.MEASURING);
        for (int m = 50; m <= 65; m += 5) {
            ph(sw, m, 9.5, StationStatus.CALIBRATING);
        }
        ph(sw, 70, 9.0, StationStatus.MEASURING);
        ph(sw, 75, 9.0, StationStatus.MEASURING);
        ph(sw, 80, 9.0, StationStatus.DEVICE_ERROR);
        for (int m = 85; m <= 100; m += 5) {
            ph(sw, m, 9.0, StationStatus.MEASURING);
        }
        // SO2 hourly mean: opens at minute 97
        so2(aq, 0, 110);
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().size() == 3);

        // the e-mail subscription got the first change at once, the next two as one digest after its 8 s throttle
        await().atMost(Duration.ofSeconds(30)).until(() -> MAIL.getReceivedMessages().length == 2);
        MimeMessage[] mails = MAIL.getReceivedMessages();
        assertThat(mails[0].getSubject()).isEqualTo("[Quantrac] MỞ [NGHIÊM TRỌNG] – QN-SW-02: pH vượt giới hạn "
                + "QCVN 08:2023/BTNMT");
        assertThat((String) mails[0].getContent()).contains("Giá trị: 9 pH", "Giới hạn: 8.50 pH",
                "Bắt đầu: 2026-03-10 08:15:00 (UTC+7)", "Thời điểm: 2026-03-10 08:30:00 (UTC+7)");
        assertThat(mails[1].getSubject()).isEqualTo("[Quantrac] Tổng hợp 2 thay đổi cảnh báo – QN-SW-02");
        assertThat((String) mails[1].getContent()).contains("1. ĐÃ KẾT THÚC", "2. MỞ");

        // restart while the SO2 alert is open; the new instance replays the hour for its window
        first.close();
        AlertingApp second = start(catalog);
        so2(aq, 105, 110); // re-sent: already judged
        so2(aq, 111, 179); // the mean falls to 332.5 or below at minute 145
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().stream()
                .anyMatch(a -> a.rule().equals(SO2_RULE) && a.resolved() != null));

        // the two stations are on different partitions: their alerts interleave in any order, each in its own order
        assertThat(alerts()).containsExactlyInAnyOrder(
                new Row("QN-SW-02", PH_RULE, "RESOLVED", minute(30), minute(45)),
                new Row("QN-SW-02", PH_RULE, "OPEN", minute(100), null),
                new Row("QN-AQ-01", SO2_RULE, "RESOLVED", minute(97), minute(145)));
        assertThat(alerts().stream().filter(a -> a.rule().equals(PH_RULE)).map(Row::opened))
                .containsExactly(minute(30), minute(100));
        assertThat(events().stream().filter(e -> e.startsWith(PH_RULE)))
                .containsExactly(PH_RULE + " OPENED", PH_RULE + " RESOLVED", PH_RULE + " OPENED");
        assertThat(events().stream().filter(e -> e.startsWith(SO2_RULE)))
                .containsExactly(SO2_RULE + " OPENED", SO2_RULE + " RESOLVED");

        List<ConsumerRecord<String, AlertChange>> records = alertsOnTopic(5);
        assertThat(records).hasSize(5).doesNotContainNull();
        assertThat(records).extracting(r -> r.key() + " " + r.value().getRuleId() + " " + r.value().getKind()
                        + " " + Instant.ofEpochMilli(r.value().getTimeMs()))
                .containsExactlyInAnyOrder(
                        "QN-SW-02 " + PH_RULE + " OPENED " + minute(30),
                        "QN-SW-02 " + PH_RULE + " RESOLVED " + minute(45),
                        "QN-SW-02 " + PH_RULE + " OPENED " + minute(100),
                        "QN-AQ-01 " + SO2_RULE + " OPENED " + minute(97),
                        "QN-AQ-01 " + SO2_RULE + " RESOLVED " + minute(145));
        AlertChange so2Open = records.stream().map(ConsumerRecord::value)
                .filter(v -> v.getRuleId().equals(SO2_RULE) && v.getKind() == AlertChange.Kind.OPENED)
                .findFirst().orElseThrow();
        assertThat(so2Open.getLimit()).isEqualTo(350.0);
        assertThat(so2Open.getValue()).isCloseTo(100 + 400 * 38 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(so2Open.getSource()).isEqualTo("QCVN 05:2023/BTNMT");

        // the receiver failed twice per delivery, then accepted it: exactly one accepted delivery per event
        await().atMost(Duration.ofSeconds(30)).until(() -> webhook.accepted().size() >= 5);
        assertThat(webhook.badSignatures()).isZero();
        assertThat(webhook.accepted()).hasSize(5);
        assertThat(webhook.attempts().values()).containsOnly(3);
        assertThat(webhook.accepted()).extracting(d -> d.body().getJsonArray("events").getJsonObject(0)
                .getString("eventId")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(records.stream().map(r -> r.value().getEventId()).toList());
        assertThat(second.apiPort()).isPresent();
    }


    @Test
    void killNineWhileAnAlertIsOpenLeavesNoDuplicateAfterTheRestart() throws Exception {
        Station aq = withInterval("QN-AQ-01", Duration.ofMinutes(1));
        StationCatalog catalog = new StationCatalog(List.of(aq), ParameterCatalog.builtIn());
        try (com.zaxxer.hikari.HikariDataSource ds = org.quantrac.core.db.Database.pool(database, "it")) {
            org.quantrac.core.db.SchemaMigration.migrate(ds, schema, catalog);
            try (Connection c = ds.getConnection(); var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO alert_rule_override (station_code, rule_id, enabled, updated_by) "
                        + "VALUES ('QN-AQ-01', 'offline', false, 'it')");
            }
        }
        Path config = dir.resolve("child.yaml");
        Files.writeString(config, String.join("\n",
                "kafka: {bootstrapServers: \"" + TestServices.kafka() + "\"}",
                "db: {url: \"" + database.url() + "\", user: " + database.user() + ", password: "
                        + database.password() + "}",
                "alerting:",
                "  topic: " + topic,
                "  alertsTopic: " + alertsTopic,
                "  groupId: " + group,
                "  instanceId: alerting-1",
                "  schema: " + schema,
                "  ops: {host: 127.0.0.1, port: 0}",
                "  api: {enabled: false}", ""));
        Path log = dir.resolve("child.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Duser.timezone=America/St_Johns", AlertingProcess.class.getName(),
                config.toString(), "QN-AQ-01=60")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("Alerting ready"));
            so2(aq, 0, 110);
            await().atMost(Duration.ofSeconds(30)).until(() -> alerts().size() == 1);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
            child.waitFor();
        }
        assertThat(alerts()).containsExactly(new Row("QN-AQ-01", SO2_RULE, "OPEN", minute(97), null));

        // the same static member id: the partitions come back at once, not after the dead member's session timeout
        start(catalog, Map.of("alerting.instanceId", "alerting-1"));
        so2(aq, 90, 179); // 90–110 again, as a connector would re-send after its own crash
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().get(0).resolved() != null);
        assertThat(alerts()).containsExactly(new Row("QN-AQ-01", SO2_RULE, "RESOLVED", minute(97), minute(145)));
        assertThat(events()).containsExactly(SO2_RULE + " OPENED", SO2_RULE + " RESOLVED");
        // publication is at least once: a record sent just before the kill may come again, with the same event id
        List<ConsumerRecord<String, AlertChange>> records = alertsOnTopic(2);
        assertThat(records.stream().filter(java.util.Objects::nonNull).map(r -> r.value().getEventId()).distinct())
                .hasSize(2);
        assertThat(records.stream().filter(java.util.Objects::nonNull).map(r -> r.value().getKind()).distinct())
                .containsExactly(AlertChange.Kind.OPENED, AlertChange.Kind.RESOLVED);
    }
}
