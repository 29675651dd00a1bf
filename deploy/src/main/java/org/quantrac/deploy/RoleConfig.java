package org.quantrac.deploy;

import java.util.Map;
import java.util.Optional;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.db.MigrationConfig;
import org.quantrac.portal.config.PortalConfig;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.config.SimulatorConfig;

/**
 * A role's configuration as the role itself would read it from the environment a manifest gives it: the same
 * {@code *Config.from} and {@link ConfigSource#failOnUnknownKeys()} as the role's command, so a variable the role
 * would reject at start is rejected here.
 *
 * @param opsHost  interface of /metrics and /health (empty for a role without them)
 * @param opsPort  their port (0 for a role without them)
 * @param ports    the role's other listening ports by purpose ("http", "api")
 */
public record RoleConfig(String role, String opsHost, int opsPort, Map<String, Integer> ports) {

    /** Reads the configuration of {@code role} (the launcher subcommand) from {@code env}. */
    public static RoleConfig read(String role, Map<String, String> env) {
        ConfigSource source = ConfigSource.load(Optional.empty(), env);
        RoleConfig result = switch (role) {
            case "connectors" -> {
                ConnectorsConfig c = ConnectorsConfig.from(source);
                yield new RoleConfig(role, c.opsHost(), c.opsPort(), Map.of());
            }
            case "processor" -> {
                ProcessorConfig c = ProcessorConfig.from(source);
                yield new RoleConfig(role, c.opsHost(), c.opsPort(), Map.of());
            }
            case "alerting" -> {
                AlertingConfig c = AlertingConfig.from(source);
                yield new RoleConfig(role, c.opsHost(), c.opsPort(), Map.of("api", c.api().port()));
            }
            case "portal" -> {
                PortalConfig c = PortalConfig.from(source);
                yield new RoleConfig(role, c.opsHost(), c.opsPort(), Map.of("http", c.port()));
            }
            case "migrate" -> {
                MigrationConfig.from(source);
                yield new RoleConfig(role, "", 0, Map.of());
            }
            case "simulate" -> {
                SimulatorConfig.from(source);
                yield new RoleConfig(role, "", 0, Map.of());
            }
            default -> throw new IllegalArgumentException("unknown role '" + role
                    + "': expected connectors, processor, alerting, portal, migrate or simulate");
        };
        if (!role.equals("simulate")) {
            source.optional(RoleSetup.CATALOG_FILE); // read by RoleSetup in every role's command
        }
        source.failOnUnknownKeys();
        return result;
    }
}
