package org.quantrac.portal.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.ops.RoleRun;
import org.quantrac.portal.PortalApp;
import org.quantrac.portal.config.PortalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quantrac portal}: the dashboard, technician view and open-data API, until the JVM is asked to stop. */
@Command(name = "portal", mixinStandardHelpOptions = true, subcommands = HashPasswordCommand.class,
        description = {"Serves the live dashboard, the technician view, the open-data API (/api/v1) and",
            "SensorThings (/sta/v1.1). Configuration: the YAML file given by --config, overlaid by QUANTRAC_*",
            "environment variables (e.g. QUANTRAC_PORTAL_PORT, QUANTRAC_PORTAL_AUTH_USERS, QUANTRAC_DB_URL)."})
public final class PortalCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "station catalog YAML (default: catalog.file, else the built-in synthetic catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        RoleSetup<PortalConfig> setup = RoleSetup.read("Portal", config, catalog, PortalConfig::from);
        PortalApp app = PortalApp.start(setup.config(), setup.catalog(), OpsServer.newRegistry());
        return RoleRun.untilStopped("portal", app);
    }
}
