package org.quantrac.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

class AlertingConfigTest {

    private static final String TOKEN = "0123456789abcdef";

    private static AlertingConfig config(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("alerting.api.token", TOKEN);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return AlertingConfig.from(ConfigSource.of(m));
    }

    @Test
    void defaultsNeedOnlyTheApiToken() {
        AlertingConfig c = config();
        assertThat(c.topic()).isEqualTo("quantrac.readings.v1");
        assertThat(c.alertsTopic()).isEqualTo("quantrac.alerts.v1");
        assertThat(c.groupId()).isEqualTo("quantrac-alerting");
        assertThat(c.instanceId()).isEmpty();
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.warmup()).isEqualTo(Duration.ofHours(25));
        assertThat(c.offlineCheck()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.rulesFile()).isEmpty();
        assertThat(c.subscriptionsFile()).isEmpty();
        assertThat(c.opsPort()).isEqualTo(9404);
        assertThat(c.api()).isEqualTo(new ApiConfig(true, "0.0.0.0", 9405, TOKEN));
        assertThat(c.notifications()).isEqualTo(new NotifyConfig(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofMinutes(10), 12, Duration.ofSeconds(10)));
        assertThat(c.smtp()).isEmpty();
        assertThat(c.api().toString()).doesNotContain(TOKEN);
    }

    @Test
    void theApiTokenIsRequiredWhileTheApiIsEnabled() {
        assertThatThrownBy(() -> AlertingConfig.from(ConfigSource.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerting.api.token is required")
                .hasMessageContaining("QUANTRAC_ALERTING_API_TOKEN");
        assertThatThrownBy(() -> config("alerting.api.token", "short")).hasMessageContaining("at least 16");
        assertThat(AlertingConfig.from(ConfigSource.of(Map.of("alerting.api.enabled", "false"))).api().enabled())
                .isFalse();
    }

    @Test
    void smtpIsOptionalAndChecked() {
        assertThat(config("alerting.smtp.host", "mail.example.vn", "alerting.smtp.port", "587",
                "alerting.smtp.startTls", "true", "alerting.smtp.from", "alerts@example.vn").smtp())
                .hasValueSatisfying(s -> {
                    assertThat(s.host()).isEqualTo("mail.example.vn");
                    assertThat(s.port()).isEqualTo(587);
                    assertThat(s.startTls()).isTrue();
                });
        assertThatThrownBy(() -> config("alerting.smtp.host", "mail", "alerting.smtp.from", "nobody"))
                .hasMessageContaining("alerting.smtp.from = 'nobody' is invalid");
    }

    @Test
    void badValuesFailFastWithTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> config("alerting.schema", "Bad-Schema"))
                .hasMessageContaining("alerting.schema = 'Bad-Schema' is invalid");
        assertThatThrownBy(() -> config("alerting.rules.file", "/no/such/rules.yaml"))
                .hasMessageContaining("alerting.rules.file = '/no/such/rules.yaml' is invalid: the file does not exist");
        assertThatThrownBy(() -> config("alerting.notify.initialBackoff", "5m", "alerting.notify.maxBackoff", "1m"))
                .hasMessageContaining("alerting.notify.maxBackoff");
        assertThatThrownBy(() -> config("alerting.warmup", "soon"))
                .hasMessageContaining("alerting.warmup = 'soon'");
    }

    @Test
    void aMistypedKeyIsReported() {
        ConfigSource source = ConfigSource.of(Map.of("alerting.api.token", TOKEN, "alerting.api.tokne", "x"));
        AlertingConfig.from(source);
        assertThatThrownBy(source::failOnUnknownKeys).hasMessageContaining("alertingapitokne");
    }
}
