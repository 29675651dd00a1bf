package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.portal.auth.PasswordHasher;
import org.quantrac.portal.cli.PortalCommand;
import org.quantrac.portal.config.PortalConfig;
import picocli.CommandLine;

class PortalConfigTest {

    @Test
    void defaultsInCode() {
        ConfigSource source = ConfigSource.of(Map.of());
        PortalConfig c = PortalConfig.from(source);
        source.failOnUnknownKeys();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.opsPort()).isEqualTo(9406);
        assertThat(c.defaultZone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(c.limits().maxRawRange()).isEqualTo(Duration.ofDays(31));
        assertThat(c.rateLimit().requestsPerMinute()).isEqualTo(600);
        assertThat(c.licence().name()).isEqualTo("CC BY 4.0");
        assertThat(c.liveTopic()).isEqualTo("quantrac.readings.v1");
        assertThat(c.alerting().enabled()).isFalse();
        assertThat(source.describe()).contains("portal.auth.users = ").contains("portal.rateLimit.burst = 120");
    }

    @Test
    void badValuesFailFastWithTheKey() {
        assertThatThrownBy(() -> PortalConfig.from(ConfigSource.of(Map.of("portal.defaultTimeZone", "Hanoi"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("portal.defaultTimeZone");
        assertThatThrownBy(() -> PortalConfig.from(ConfigSource.of(Map.of("portal.api.defaultPageSize", "20000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("portal.api.maxPageSize");
        assertThatThrownBy(() -> PortalConfig.from(ConfigSource.of(Map.of("portal.alerting.url",
                "http://127.0.0.1:9405")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("portal.alerting.token is required");
        ConfigSource typo = ConfigSource.of(Map.of("portal.prot", "80"));
        PortalConfig.from(typo);
        assertThatThrownBy(typo::failOnUnknownKeys).hasMessageContaining("portalprot");
    }

    @Test
    void hashPasswordPrintsAVerifiableHash() {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new PortalCommand()).execute("hash-password", "--stdin");
            assertThat(code).isZero();
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        String hash = printed.toString(StandardCharsets.UTF_8).trim();
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), hash)).isTrue();
    }
}
