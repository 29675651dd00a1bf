package org.quantrac.portal.api;

import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.Cursor;
import org.quantrac.portal.query.NotFound;

/** Validated request parameters; every mistake is a {@link BadRequest} naming the parameter and what is allowed. */
public final class RequestParams {

    /** Representation of a response. */
    public enum Format { JSON, CSV, GEOJSON }

    private static final Set<String> INDICES = Set.of("VN_AQI", "US_AQI");

    private final RoutingContext ctx;

    public RequestParams(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public String get(String name) {
        return ctx.request().getParam(name);
    }

    public Station station(StationCatalog catalog) {
        String code = ctx.pathParam("code");
        return catalog.byCode(code).orElseThrow(() -> new NotFound("no station with code '" + code
                + "'; the list is at /api/v1/stations"));
    }

    /**
     * {@code format=} wins over the Accept header; {@code allowed} are the representations the endpoint has.
     */
    public Format format(Set<Format> allowed) {
        String f = get("format");
        if (f != null && !f.isBlank()) {
            for (Format x : allowed) {
                if (x.name().equalsIgnoreCase(f.trim())) {
                    return x;
                }
            }
            throw new BadRequest("'format' = '" + f + "' is not offered here: use one of " + allowed.stream()
                    .map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", ")));
        }
        String accept = Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("").toLowerCase(Locale.ROOT);
        if (allowed.contains(Format.CSV) && accept.contains("text/csv")) {
            return Format.CSV;
        }
        if (allowed.contains(Format.GEOJSON) && accept.contains("application/geo+json")) {
            return Format.GEOJSON;
        }
        return Format.JSON;
    }

    /** Page size: {@code limit}, default and maximum from the configuration. */
    public int limit(int defaultLimit, int max) {
        String v = get("limit");
        if (v == null || v.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new BadRequest("'limit' = '" + v + "' must be a whole number from 1 to " + max);
    }

    public Optional<Cursor> cursor() {
        String v = get("cursor");
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Cursor.decode(v));
    }

    /** Parameter ids from repeated {@code parameter=} (symbol such as PM2.5 / PM2,5, or id); empty: all. */
    public List<Integer> parameters(Station station) {
        List<String> values = ctx.queryParam("parameter");
        List<Integer> ids = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            Optional<Parameter> p = station.parameter(v.trim());
            if (p.isEmpty() && v.trim().matches("\\d{1,5}")) {
                int id = Integer.parseInt(v.trim());
                p = station.parameters().stream().filter(x -> x.id() == id).findFirst();
            }
            ids.add(p.orElseThrow(() -> new BadRequest("station " + station.code() + " does not measure '" + v
                    + "'; it measures " + station.parameters().stream().map(Parameter::symbol)
                    .collect(Collectors.joining(", ")))).id());
        }
        return ids;
    }

    public String index() {
        String v = Optional.ofNullable(get("index")).orElse("VN_AQI").trim().toUpperCase(Locale.ROOT);
        if (!INDICES.contains(v)) {
            throw new BadRequest("'index' = '" + get("index") + "' must be VN_AQI or US_AQI");
        }
        return v;
    }

    /** This request's path and query with some parameters replaced: the {@code next} link of a page. */
    public String linkWith(String base, Map<String, String> replace) {
        StringBuilder sb = new StringBuilder(base).append(ctx.request().path());
        char sep = '?';
        for (Map.Entry<String, String> e : ctx.queryParams()) {
            if (!replace.containsKey(e.getKey())) {
                sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
                sep = '&';
            }
        }
        for (Map.Entry<String, String> e : replace.entrySet()) {
            sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
