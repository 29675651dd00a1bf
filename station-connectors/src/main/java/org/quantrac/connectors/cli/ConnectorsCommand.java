package org.quantrac.connectors.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
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
            description = "station catalog YAML (default: the built-in synthetic Quảng Ninh catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        ConnectorsConfig cfg = ConfigSource.forRole("Connectors", config, ConnectorsConfig::from);
        StationCatalog stations = catalog == null ? StationCatalog.builtIn()
                : StationCatalog.load(catalog, org.quantrac.core.parameter.ParameterCatalog.builtIn());
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        ConnectorsApp app = ConnectorsApp.start(cfg, stations, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "connectors-shutdown"));
        stopped.await();
        return 0;
    }
}
