package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;

class RoleConfigTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @Test
    void readsTheRolesPortsFromTheEnvironment() {
        RoleConfig portal = RoleConfig.read("portal", Map.of("QUANTRAC_PORTAL_PORT", "8081",
                "QUANTRAC_PORTAL_OPS_HOST", "0.0.0.0"));

        assertThat(portal).isEqualTo(new RoleConfig("portal", "0.0.0.0", 9406, Map.of("http", 8081)));
        assertThat(RoleConfig.read("alerting", Map.of("QUANTRAC_ALERTING_API_TOKEN", TOKEN))).isEqualTo(
                new RoleConfig("alerting", "0.0.0.0", 9404, Map.of("api", 9405)));
    }

    @Test
    void aVariableTheRoleDoesNotReadIsRejectedAsTheRoleWouldAtStart() {
        // A key of another role: the connectors do not read the database settings.
        assertThatThrownBy(() -> RoleConfig.read("connectors", Map.of("QUANTRAC_DB_URL", "jdbc:postgresql://x/y")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("unknown configuration key 'dburl'");
    }

    @Test
    void aWebhookSecretVariableWithTheQuantracPrefixWouldStopAlerting() {
        // docs/alerting.md's example names its webhook secret QUANTRAC_WEBHOOK_SECRET; the manifests use a variable
        // outside the QUANTRAC_ space because this is what the role does with the prefixed one.
        assertThatThrownBy(() -> RoleConfig.read("alerting", Map.of("QUANTRAC_WEBHOOK_SECRET", "k",
                "QUANTRAC_ALERTING_API_TOKEN", TOKEN)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'webhooksecret'");
    }

    @Test
    void anUnknownRoleIsAnError() {
        assertThatThrownBy(() -> RoleConfig.read("gateway", Map.of()))
                .hasMessage("unknown role 'gateway': expected connectors, processor, alerting, portal, migrate or simulate");
    }
}
