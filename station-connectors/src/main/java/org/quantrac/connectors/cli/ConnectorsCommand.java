package org.quantrac.connectors.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.ops.RoleRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quantrac connectors}: runs the station connectors until the JVM is asked to stop. */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = {"Receives station data (MQTT JSON and Circular 10/2021 text) and writes it to Kafka.",
            "Configuration: the YAML file given by --config, overlaid by QUANTRAC_* environment variables",
            "(e.g. QUANTRAC_CONNECTORS_MQTT_PASSWORD, QUANTRAC_KAFKA_BOOTSTRAP_SERVERS)."})
public final class ConnectorsCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "station catalog YAML (default: catalog.file, else the built-in synthetic catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        RoleSetup<ConnectorsConfig> setup = RoleSetup.read("Connectors", config, catalog, ConnectorsConfig::from);
        ConnectorsApp app = ConnectorsApp.start(setup.config(), setup.catalog(), OpsServer.newRegistry());
        return RoleRun.untilStopped("connectors", app);
    }
}
