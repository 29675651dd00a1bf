package org.quantrac.alerting.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.alerting.AlertingApp;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.ops.RoleRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./quantrac alerting}: runs the alerting role until the JVM is asked to stop. */
@Command(name = "alerting", mixinStandardHelpOptions = true,
        description = {"Judges station readings against the regulatory rules (QCVN 05/08/40 by default), keeps one "
                + "alert per station and rule through OPEN, ACKNOWLEDGED and RESOLVED, publishes changes to "
                + "quantrac.alerts.v1, notifies by webhook and e-mail, and serves an HTTP API.",
                "Configuration keys: alerting.topic, alerting.alertsTopic, alerting.groupId, alerting.instanceId, "
                        + "alerting.schema, "
                        + "alerting.migrate, alerting.warmup, alerting.offlineCheck, alerting.rules.file, "
                        + "alerting.subscriptions.file, alerting.ops.host, alerting.ops.port, alerting.startTimeout, "
                        + "alerting.api.enabled, alerting.api.host, alerting.api.port, alerting.api.token, "
                        + "alerting.notify.*, alerting.smtp.*, kafka.*, db.* (or QUANTRAC_* environment "
                        + "variables). See docs/alerting.md."})
public final class AlertingCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    private Path config;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "station catalog YAML (default: catalog.file, else the built-in synthetic catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        RoleSetup<AlertingConfig> setup = RoleSetup.read("Alerting", config, catalog, AlertingConfig::from);
        AlertingApp app = AlertingApp.start(setup.config(), setup.catalog(), OpsServer.newRegistry());
        return RoleRun.untilStopped("alerting", app, app::awaitTermination);
    }
}
