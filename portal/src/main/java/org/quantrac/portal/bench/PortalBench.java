package org.quantrac.portal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * {@code bench portal}: response times of the open-data API over HTTP against a running portal, as a client sees
 * them (connection reused, no HTTP cache). Three request kinds on randomly chosen (seeded) stations and days:
 * latest values of all stations, one station-day raw series (one parameter, every page), one station-year of daily
 * aggregates (all parameters).
 * The data must already be there: the launcher's {@code bench portal} loads a year when it is missing. {@code days}
 * in the JSON line is how many days the station-days were drawn from (the loaded days).
 */
public final class PortalBench {

    /**
     * @param baseUrl  the portal, e.g. http://127.0.0.1:8080
     * @param samples  measured requests per kind
     * @param warmup   unmeasured requests per kind first (JIT, pools, database caches)
     * @param lastDay  the newest local day with data; station-days are drawn from the {@code days} before it
     */
    public record Options(URI baseUrl, int samples, int warmup, LocalDate lastDay, int days, long seed) {
    }

    /** The JSON field names are a contract: scripts compare runs by them. */
    public record Result(double latestMsP50, double latestMsP99, double stationDayMsP50, double stationDayMsP99,
                         double stationYearDailyMsP99, long stationDayRows, int samples, int days) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"bench\":\"portal\",\"latest_ms_p50\":%.1f,\"latest_ms_p99\":%.1f,"
                    + "\"station_day_ms_p50\":%.1f,\"station_day_ms_p99\":%.1f,\"station_year_daily_ms_p99\":%.1f,"
                    + "\"station_day_rows_avg\":%d,\"samples\":%d,\"days\":%d}", latestMsP50, latestMsP99,
                    stationDayMsP50, stationDayMsP99, stationYearDailyMsP99, stationDayRows, samples, days);
        }
    }

    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    private PortalBench() {
    }

    public static Result run(Options o, StationCatalog catalog) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(o.seed());
        List<Station> stations = new ArrayList<>(catalog.all());
        double[] latest = measure(o, () -> get(client, o.baseUrl(), "/api/v1/latest"));
        long[] rows = new long[1];
        double[] day = measure(o, () -> {
            Station s = stations.get(random.nextInt(stations.size()));
            String parameter = s.parameters().get(random.nextInt(s.parameters().size())).symbol();
            LocalDate d = o.lastDay().minusDays(random.nextInt(Math.max(1, o.days())));
            String path = "/api/v1/stations/" + s.code() + "/readings?from=" + d + "&to=" + d + "&parameter="
                    + java.net.URLEncoder.encode(parameter, java.nio.charset.StandardCharsets.UTF_8) + "&limit=10000";
            while (path != null) {
                String body = get(client, o.baseUrl(), path);
                Matcher c = COUNT.matcher(body);
                if (c.find()) {
                    rows[0] += Long.parseLong(c.group(1));
                }
                Matcher m = NEXT.matcher(body);
                path = m.find() ? m.group(1) : null;
            }
        });
        double[] year = measure(o, () -> {
            Station s = stations.get(random.nextInt(stations.size()));
            get(client, o.baseUrl(), "/api/v1/stations/" + s.code() + "/daily?from=" + o.lastDay().minusDays(364)
                    + "&to=" + o.lastDay() + "&limit=10000");
        });
        return new Result(percentile(latest, 50), percentile(latest, 99), percentile(day, 50), percentile(day, 99),
                percentile(year, 99), rows[0] / Math.max(1, o.samples() + o.warmup()), o.samples(), o.days());
    }

    private static double[] measure(Options o, Runnable request) {
        for (int i = 0; i < o.warmup(); i++) {
            request.run();
        }
        double[] ms = new double[o.samples()];
        for (int i = 0; i < o.samples(); i++) {
            long t0 = System.nanoTime();
            request.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    private static String get(HttpClient client, URI base, String pathOrUrl) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the portal at " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
