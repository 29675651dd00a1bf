package org.quantrac.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertState;
import org.quantrac.alerting.rules.Severity;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

class SubscriptionsTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();

    @TempDir
    Path dir;

    private Subscriptions load(String yaml) throws Exception {
        Path f = dir.resolve("subs.yaml");
        Files.writeString(f, yaml);
        return Subscriptions.load(f, Map.of("HOOK_SECRET", "s3cret")::get);
    }

    static AlertEvent event(String station, Severity severity, AlertEvent.Kind kind) {
        Instant t = Instant.parse("2026-03-10T01:00:00Z");
        Alert a = new Alert(1, CATALOG.byCode(station).orElseThrow().id(), station, "r", 4, severity,
                AlertState.OPEN, "QCVN", t, t, 1, 2, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        return new AlertEvent(1, UUID.randomUUID(), kind, a, t, AlertEvent.SYSTEM, Optional.empty(), 1);
    }

    private static Station station(String code) {
        return CATALOG.byCode(code).orElseThrow();
    }

    @Test
    void subscriptionsMatchByGroupSeverityAndChange() throws Exception {
        Subscriptions s = load("""
                groups:
                  - {name: air-ha-long, kinds: [AMBIENT_AIR], districts: ["Hạ Long"]}
                  - {name: ww, stations: [QN-WW-01]}
                subscriptions:
                  - name: hook
                    webhook: {url: "https://example.vn/hook", secretEnv: HOOK_SECRET}
                    minSeverity: CRITICAL
                  - name: mail
                    email: {to: [a@example.vn], language: en}
                    groups: [air-ha-long, ww]
                    events: [OPENED]
                """);
        assertThat(s.byName("hook")).hasValueSatisfying(h -> {
            assertThat(h.secret()).isEqualTo("s3cret");
            assertThat(h.throttle()).isEqualTo(Duration.ZERO);
            assertThat(h.groups()).containsExactly("all");
        });
        assertThat(s.byName("mail")).hasValueSatisfying(m -> assertThat(m.throttle()).isEqualTo(Duration.ofMinutes(15)));
        assertThat(s.matching(event("QN-AQ-01", Severity.CRITICAL, AlertEvent.Kind.OPENED), station("QN-AQ-01")))
                .extracting(Subscription::name).containsExactly("hook", "mail");
        assertThat(s.matching(event("QN-AQ-01", Severity.WARNING, AlertEvent.Kind.OPENED), station("QN-AQ-01")))
                .extracting(Subscription::name).containsExactly("mail");
        assertThat(s.matching(event("QN-AQ-01", Severity.WARNING, AlertEvent.Kind.RESOLVED), station("QN-AQ-01")))
                .isEmpty();
        assertThat(s.matching(event("QN-AQ-07", Severity.WARNING, AlertEvent.Kind.OPENED), station("QN-AQ-07")))
                .as("Cẩm Phả is not in Hạ Long").isEmpty();
        assertThat(s.matching(event("QN-WW-01", Severity.INFO, AlertEvent.Kind.OPENED), station("QN-WW-01")))
                .extracting(Subscription::name).containsExactly("mail");
    }

    @Test
    void invalidSubscriptionsFailTheStart() {
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, email: {to: [a@b.vn]}, groups: [nope]}\n"))
                .hasMessageContaining("unknown station group 'nope'");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, webhook: {url: \"https://h\"}}\n"))
                .hasMessageContaining("webhook needs secret");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, webhook: {url: \"ftp://h\", secret: s}}\n"))
                .hasMessageContaining("webhook.url must be an http(s) URL");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, email: {to: []}}\n"))
                .hasMessageContaining("email.to needs at least one address");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, email: {to: [a@b.vn], language: fr}}\n"))
                .hasMessageContaining("email.language must be one of");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x}\n"))
                .hasMessageContaining("exactly one of webhook or email");
        assertThatThrownBy(() -> load("subscriptions:\n  - {name: x, email: {to: [a@b.vn]}, throttle: soon}\n"))
                .hasMessageContaining("throttle 'soon' is invalid");
    }
}
