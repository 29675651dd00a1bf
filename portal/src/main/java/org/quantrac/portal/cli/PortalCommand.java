package org.quantrac.portal.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.StationCatalog;
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
            description = "station catalog YAML (default: the built-in synthetic Quảng Ninh catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        PortalConfig cfg = ConfigSource.forRole("Portal", config, PortalConfig::from);
        StationCatalog stations = catalog == null ? StationCatalog.builtIn()
                : StationCatalog.load(catalog, ParameterCatalog.builtIn());
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        PortalApp app = PortalApp.start(cfg, stations, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "portal-shutdown"));
        stopped.await();
        return 0;
    }
}
