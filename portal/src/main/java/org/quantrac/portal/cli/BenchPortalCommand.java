package org.quantrac.portal.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.PortalApp;
import org.quantrac.portal.bench.PortalBench;
import org.quantrac.portal.config.PortalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quantrac bench portal}: open-data API response times over HTTP. Against {@code --url} when given, else
 * against an in-process portal on a free port using the configured database ({@code db.*}). The year of data must be
 * loaded already (the launcher's wrapper loads it when missing).
 */
@Command(name = "portal", mixinStandardHelpOptions = true,
        description = {"Measures latest values of all stations, one station-day of raw readings and one station-year",
            "of daily aggregates over HTTP; prints one JSON line."})
public final class BenchPortalCommand implements Callable<Integer> {

    @Option(names = "--url", description = "a running portal (default: start one in this process)")
    URI url;

    @Option(names = "--samples", defaultValue = "200", description = "measured requests per kind (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--warmup", defaultValue = "20", description = "unmeasured requests first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--last-day", description = "newest local day with data (default: yesterday, Asia/Ho_Chi_Minh)")
    LocalDate lastDay;

    @Option(names = "--days", defaultValue = "365", description = "station-days are drawn from this many days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (db.*, portal.*)")
    Path config;

    @Override
    public Integer call() {
        LocalDate last = lastDay != null ? lastDay : LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(1);
        StationCatalog catalog = StationCatalog.builtIn();
        PortalApp portal = null;
        try {
            URI base = url;
            if (base == null) {
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("QUANTRAC_PORTAL_PORT", "0");
                env.put("QUANTRAC_PORTAL_HOST", "127.0.0.1");
                env.put("QUANTRAC_PORTAL_OPS_PORT", "0");
                env.put("QUANTRAC_PORTAL_LIVE_ENABLED", "false");
                env.put("QUANTRAC_PORTAL_RATE_LIMIT_ENABLED", "false");
                ConfigSource source = ConfigSource.load(Optional.ofNullable(config), env);
                PortalConfig cfg = PortalConfig.from(source);
                source.failOnUnknownKeys();
                portal = PortalApp.start(cfg, catalog, OpsServer.newRegistry());
                base = URI.create("http://127.0.0.1:" + portal.port());
            }
            PortalBench.Result r = PortalBench.run(new PortalBench.Options(base, samples, warmup, last, days, 42),
                    catalog);
            if (!json) {
                System.out.printf("latest p50 %.1f ms, p99 %.1f ms; station-day p50 %.1f ms, p99 %.1f ms "
                                + "(%d rows); station-year daily p99 %.1f ms%n", r.latestMsP50(), r.latestMsP99(),
                        r.stationDayMsP50(), r.stationDayMsP99(), r.stationDayRows(), r.stationYearDailyMsP99());
            }
            System.out.println(r.toJson());
            return 0;
        } finally {
            if (portal != null) {
                portal.close();
            }
        }
    }
}
