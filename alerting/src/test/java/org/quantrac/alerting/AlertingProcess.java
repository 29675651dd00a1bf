package org.quantrac.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * Alerting in a child JVM, so a test can kill it with SIGKILL: {@code AlertingProcess CONFIG.yaml CODE=SECONDS…}
 * runs alerting for those catalog stations (with those sampling intervals) until it is killed.
 */
public final class AlertingProcess {

    private AlertingProcess() {
    }

    public static void main(String[] args) throws Exception {
        ConfigSource source = ConfigSource.load(Optional.of(Path.of(args[0])), System.getenv());
        AlertingConfig config = AlertingConfig.from(source);
        source.failOnUnknownKeys();
        StationCatalog builtIn = StationCatalog.builtIn();
        List<Station> stations = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] codeSeconds = args[i].split("=");
            Station s = builtIn.byCode(codeSeconds[0]).orElseThrow();
            stations.add(new Station(s.id(), s.code(), s.name(), s.kind(), s.district(), s.latitude(),
                    s.longitude(), s.protocol(), Duration.ofSeconds(Long.parseLong(codeSeconds[1])), s.parameters(),
                    s.aqiEligible(), s.limitClass(), s.kq(), s.kf()));
        }
        AlertingApp app = AlertingApp.start(config, new StationCatalog(stations, ParameterCatalog.builtIn()),
                OpsServer.newRegistry());
        app.awaitTermination();
    }
}
