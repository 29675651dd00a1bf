package org.quantrac.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quantrac.alerting.config.NotifyConfig;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertState;
import org.quantrac.alerting.rules.Severity;
import org.quantrac.core.station.StationCatalog;

/** E-mail texts, the webhook signature and the retry backoff. */
class NotifyTextTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final org.quantrac.alerting.rules.RuleBook RULES =
            org.quantrac.alerting.rules.RuleBook.defaults();
    private final Messages messages = new Messages(CATALOG, () -> RULES);

    private static AlertEvent so2Opened() {
        Instant since = Instant.parse("2026-03-10T02:37:00Z");
        Alert a = new Alert(42, 1, "QN-AQ-01", "qcvn05-2023.SO2.1h", 4, Severity.CRITICAL, AlertState.OPEN,
                "QCVN 05:2023/BTNMT", since, since, 353.3333, 350, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new AlertEvent(7, UUID.fromString("00000000-0000-0000-0000-000000000001"), AlertEvent.Kind.OPENED, a,
                since, AlertEvent.SYSTEM, Optional.empty(), 353.3333);
    }

    @Test
    void vietnameseAndEnglishMessagesShowLocalTimeUnitsAndLimit() {
        Messages.Text vi = messages.single(so2Opened(), "vi");
        assertThat(vi.subject()).isEqualTo("[Quantrac] MỞ [NGHIÊM TRỌNG] – QN-AQ-01: SO2 vượt giới hạn "
                + "QCVN 05:2023/BTNMT");
        assertThat(vi.body()).contains(
                "Trạm: QN-AQ-01 – Quan trắc không khí Hạ Long 01\n",
                "Giá trị: 353.33 µg/Nm3\n",
                "Giới hạn: 350 µg/Nm3\n",
                "Bắt đầu: 2026-03-10 09:37:00 (UTC+7)\n",
                "Người thực hiện: hệ thống\n",
                "Mã cảnh báo: 42\n");
        Messages.Text en = messages.single(so2Opened(), "en");
        assertThat(en.subject()).isEqualTo("[Quantrac] OPENED [CRITICAL] – QN-AQ-01: SO2 beyond the "
                + "QCVN 05:2023/BTNMT limit");
        assertThat(en.body()).contains("Value: 353.33 µg/Nm3\n", "Limit: 350 µg/Nm3\n",
                "Condition since: 2026-03-10 09:37:00 (UTC+7)\n", "By: system\n");
        Messages.Text digest = messages.digest("QN-AQ-01", List.of(so2Opened(), so2Opened()), "en");
        assertThat(digest.subject()).isEqualTo("[Quantrac] Digest of 2 alert changes – QN-AQ-01");
        assertThat(digest.body()).contains("1. OPENED [CRITICAL]: SO2", "2. OPENED [CRITICAL]: SO2");
    }

    @Test
    void webhookSignatureIsHmacSha256OfTheBody() {
        // the widely published HMAC_SHA256("key", "The quick brown fox …") value
        assertThat(WebhookSender.sign("key", "The quick brown fox jumps over the lazy dog"
                .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void webhookBodyCarriesTheEventsAndTheDeliveryKey() {
        Subscription s = new Subscription("hook", Subscription.Channel.WEBHOOK, List.of("all"), Severity.INFO,
                java.util.Set.of(AlertEvent.Kind.OPENED), Duration.ZERO, "http://x", "k", List.of(), "en");
        String body = new String(new WebhookSender(Duration.ofSeconds(1), CATALOG)
                .body(s, List.of(so2Opened()), "key-1"), StandardCharsets.UTF_8);
        assertThat(body).startsWith("{\"deliveryId\":\"key-1\",\"subscription\":\"hook\",\"events\":[{")
                .contains("\"eventId\":\"00000000-0000-0000-0000-000000000001\"", "\"kind\":\"OPENED\"",
                        "\"alertId\":42", "\"parameter\":\"SO2\"", "\"unit\":\"µg/Nm3\"", "\"limit\":350.0",
                        "\"conditionSince\":\"2026-03-10T02:37:00Z\"");
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        NotificationDispatcher d = new NotificationDispatcher(null, Subscriptions.none(), null, Optional.empty(),
                new NotifyConfig(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(10), 12,
                        Duration.ofSeconds(1)), java.time.Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try {
            assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(2));
            assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(4));
            assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(8));
            assertThat(d.backoff(9)).isEqualTo(Duration.ofSeconds(512));
            assertThat(d.backoff(10)).isEqualTo(Duration.ofMinutes(10));
            assertThat(d.backoff(60)).isEqualTo(Duration.ofMinutes(10));
        } finally {
            d.close();
        }
    }
}
