package org.quantrac.launcher.portalbench;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.db.Database;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.PortalApp;
import org.quantrac.portal.bench.PortalBench;
import org.quantrac.portal.config.PortalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quantrac bench portal}: makes sure the simulated year is loaded in its own schema (loading the missing days),
 * then measures the open-data API over HTTP against an in-process portal on that schema (or {@code --url}).
 */
@Command(name = "portal", mixinStandardHelpOptions = true,
        description = {"Loads the simulator's readings of the last --days days (ending --last-day) for every catalog",
            "station into schema --schema when missing (day by day, resumable), with hourly/daily rollups,",
            "then measures latest values of all stations, one station-day of raw readings and one station-year of",
            "daily aggregates over HTTP; prints one JSON line."})
public final class BenchPortalCommand implements Callable<Integer> {

    @Option(names = "--url", description = "a running portal reading the same schema (default: start one here)")
    URI url;

    @Option(names = "--schema", defaultValue = "benchyear", description = "schema of the loaded year (default ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--seed", defaultValue = "42", description = "simulator seed of the values (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--last-day", description = "newest local day (default: yesterday, Asia/Ho_Chi_Minh)")
    LocalDate lastDay;

    @Option(names = "--days", defaultValue = "365", description = "days ending --last-day to load and draw from (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--load-only", description = "load the missing days, print a JSON line about the load, do not measure")
    boolean loadOnly;

    @Option(names = "--no-load", description = {"measure what is loaded (station-days drawn from the loaded days ending",
        "--last-day); no migration, only reading_latest is refreshed from the readings when it exists"})
    boolean noLoad;

    @Option(names = "--samples", defaultValue = "200", description = "measured requests per kind (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--warmup", defaultValue = "20", description = "unmeasured requests first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (db.*, portal.*)")
    Path config;

    @Override
    public Integer call() throws SQLException {
        LocalDate last = lastDay != null ? lastDay : LocalDate.now(StationDays.ZONE).minusDays(1);
        if (!last.isBefore(LocalDate.now(StationDays.ZONE))) {
            throw new IllegalArgumentException("--last-day " + last + " is not over yet: give a past day");
        }
        StationCatalog catalog = StationCatalog.builtIn();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("QUANTRAC_PORTAL_PORT", "0");
        env.put("QUANTRAC_PORTAL_HOST", "127.0.0.1");
        env.put("QUANTRAC_PORTAL_OPS_PORT", "0");
        env.put("QUANTRAC_PORTAL_LIVE_ENABLED", "false");
        env.put("QUANTRAC_PORTAL_RATE_LIMIT_ENABLED", "false");
        // Every "latest" request measured is answered from the database, not from the portal's 2-second cache.
        env.put("QUANTRAC_PORTAL_API_LATEST_CACHE", "0s");
        ConfigSource source = ConfigSource.load(Optional.ofNullable(config), env);
        PortalConfig portalConfig = PortalConfig.from(source);
        source.failOnUnknownKeys();
        DatabaseConfig db = new DatabaseConfig(portalConfig.db().url(), portalConfig.db().user(),
                portalConfig.db().password(), Math.max(4, portalConfig.db().poolSize())).inSchema(schema);
        LoadPlan plan = new LoadPlan(schema, seed, last.minusDays(days - 1L), last,
                List.copyOf(catalog.all()));

        int loadedDays;
        try (HikariDataSource ds = Database.pool(db, "portalbench")) {
            YearLoader loader = new YearLoader(ds, catalog);
            if (!noLoad) {
                if (!json) {
                    System.err.printf("bench portal: %s to %s, %d stations, %,d rows when complete, into schema %s%n",
                            plan.firstDay(), plan.lastDay(), plan.stations().size(), plan.expectedRows(), schema);
                }
                YearLoader.Report r = loader.load(plan, (day, rows, copy, rollup, done, missing) -> {
                    if (!json) {
                        System.err.printf(Locale.ROOT, "  %s: %,d rows in %.1f s + rollups %.1f s (%d/%d)%n", day,
                                rows, copy.toMillis() / 1000.0, rollup.toMillis() / 1000.0, done, missing);
                    }
                });
                if (loadOnly) {
                    System.out.printf(Locale.ROOT, "{\"bench\":\"portal-load\",\"first_day\":\"%s\",\"last_day\":"
                                    + "\"%s\",\"days_already\":%d,\"days_loaded\":%d,\"rows_loaded\":%d,"
                                    + "\"rows_per_s\":%.0f,\"seconds\":%.1f}%n", plan.firstDay(), plan.lastDay(),
                            r.daysAlready(), r.daysLoaded(), r.rowsLoaded(), r.rowsPerSecond(),
                            r.took().toMillis() / 1000.0);
                    return 0;
                }
            }
            if (noLoad) {
                // no readings loaded, but the derived latest-values table must reflect the ones there
                loader.refreshLatest(plan);
            }
            loadedDays = contiguousDays(loader, plan);
        }
        if (loadedDays == 0) {
            throw new IllegalStateException("schema " + schema + " has no loaded day ending " + last
                    + ": run without --no-load first");
        }
        PortalApp portal = null;
        try {
            URI base = url;
            if (base == null) {
                portal = PortalApp.start(withDatabase(portalConfig, db), catalog, OpsServer.newRegistry());
                base = URI.create("http://127.0.0.1:" + portal.port());
            }
            PortalBench.Result r = PortalBench.run(new PortalBench.Options(base, samples, warmup, last, loadedDays,
                    seed), catalog);
            if (!json) {
                System.out.printf("latest p50 %.1f ms, p99 %.1f ms; station-day p50 %.1f ms, p99 %.1f ms "
                                + "(%d rows); station-year daily p99 %.1f ms; %d days loaded%n", r.latestMsP50(),
                        r.latestMsP99(), r.stationDayMsP50(), r.stationDayMsP99(), r.stationDayRows(),
                        r.stationYearDailyMsP99(), loadedDays);
            }
            System.out.println(r.toJson());
            return 0;
        } finally {
            if (portal != null) {
                portal.close();
            }
        }
    }

    /** Loaded days counted back from the plan's last day, up to the first gap. */
    private static int contiguousDays(YearLoader loader, LoadPlan plan) throws SQLException {
        Set<LocalDate> loaded = loader.loadedDays(plan);
        int n = 0;
        for (LocalDate d = plan.lastDay(); !d.isBefore(plan.firstDay()) && loaded.contains(d); d = d.minusDays(1)) {
            n++;
        }
        return n;
    }

    private static PortalConfig withDatabase(PortalConfig c, DatabaseConfig db) {
        return new PortalConfig(c.host(), c.port(), c.publicBaseUrl(), c.defaultZone(), c.limits(), c.rateLimit(),
                c.auth(), c.liveTopic(), c.dlqTopic(), c.liveEnabled(), c.licence(), c.opsHost(), c.opsPort(),
                c.alerting(), db, c.kafka());
    }
}
