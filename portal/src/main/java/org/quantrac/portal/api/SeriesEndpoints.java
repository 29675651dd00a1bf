package org.quantrac.portal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.portal.api.RequestParams.Format;
import org.quantrac.portal.config.PortalConfig.ApiLimits;
import org.quantrac.portal.query.Cursor;
import org.quantrac.portal.query.Rows.AggregateRow;
import org.quantrac.portal.query.Rows.AqiRow;
import org.quantrac.portal.query.Rows.Page;
import org.quantrac.portal.query.Rows.ReadingRow;
import org.quantrac.portal.query.TimeWindow;

/** One station's time series: raw readings, hourly and daily aggregates, hourly and daily AQI; JSON or CSV. */
public final class SeriesEndpoints {

    private static final EnumSet<Format> SERIES_FORMATS = EnumSet.of(Format.JSON, Format.CSV);

    private final ApiContext api;

    public SeriesEndpoints(ApiContext api) {
        this.api = api;
    }

    public void register(Router router) {
        ApiLimits l = api.config().limits();
        router.get("/api/v1/stations/:code/readings").handler(ctx -> api.responder().respond(ctx,
                () -> raw(ctx, l)));
        router.get("/api/v1/stations/:code/hourly").handler(ctx -> api.responder().respond(ctx,
                () -> aggregates(ctx, false, l)));
        router.get("/api/v1/stations/:code/daily").handler(ctx -> api.responder().respond(ctx,
                () -> aggregates(ctx, true, l)));
        router.get("/api/v1/stations/:code/aqi/hourly").handler(ctx -> api.responder().respond(ctx,
                () -> aqi(ctx, false)));
        router.get("/api/v1/stations/:code/aqi/daily").handler(ctx -> api.responder().respond(ctx,
                () -> aqi(ctx, true)));
    }

    private ApiResponse raw(RoutingContext ctx, ApiLimits l) {
        RequestParams p = new RequestParams(ctx);
        Station station = p.station(api.catalog());
        TimeWindow w = window(p, Duration.ofDays(1), l.maxRawRange());
        List<Integer> parameters = p.parameters(station);
        Format format = p.format(SERIES_FORMATS);
        int limit = p.limit(l.defaultPage(), l.maxPage());
        Page<ReadingRow> page = api.series().raw(station.id(), parameters, w, p.cursor(), limit);
        Map<Integer, Parameter> byId = byId(station);
        if (format == Format.CSV) {
            Csv csv = new Csv().row("station", "time", "parameter", "unit", "value", "status", "qc_flags");
            for (ReadingRow r : page.rows()) {
                Parameter par = byId.get(r.parameterId());
                csv.row(station.code(), Json.time(r.time(), w.zone()), symbol(par, r.parameterId()),
                        par == null ? "" : par.unit(), r.value(), r.status(), Views.qcFlagsText(r.qcFlags()));
            }
            return finish(csv.bytes(), ApiResponse.CSV, p, w, page.next());
        }
        byte[] body = envelope(station, w, p, page.next(), page.rows().size(), g -> {
            for (ReadingRow r : page.rows()) {
                g.writeStartObject();
                g.writeStringField("time", Json.time(r.time(), w.zone()));
                g.writeStringField("parameter", symbol(byId.get(r.parameterId()), r.parameterId()));
                g.writeNumberField("value", r.value());
                g.writeNumberField("status", r.status());
                Views.qcFlags(g, r.qcFlags());
                g.writeEndObject();
            }
        });
        return finish(body, ApiResponse.JSON, p, w, page.next());
    }

    private ApiResponse aggregates(RoutingContext ctx, boolean daily, ApiLimits l) {
        RequestParams p = new RequestParams(ctx);
        Station station = p.station(api.catalog());
        TimeWindow w = daily ? window(p, Duration.ofDays(31), l.maxDailyRange())
                : window(p, Duration.ofDays(7), l.maxHourlyRange());
        List<Integer> parameters = p.parameters(station);
        Format format = p.format(SERIES_FORMATS);
        int limit = p.limit(l.defaultPage(), l.maxPage());
        Page<AggregateRow> page = daily
                ? api.series().daily(station, parameters, w, p.cursor(), limit,
                        w.length().compareTo(l.maxRawRange()) <= 0)
                : api.series().hourly(station, parameters, w, p.cursor(), limit);
        Map<Integer, Parameter> byId = byId(station);
        if (format == Format.CSV) {
            Csv csv = new Csv().row("station", daily ? "day" : "hour_start", "parameter", "unit", "avg", "min", "max",
                    "valid_count", "total_count", "expected_count", "completeness", "valid");
            for (AggregateRow r : page.rows()) {
                Parameter par = byId.get(r.parameterId());
                csv.row(station.code(), daily ? r.day() : Json.time(r.start(), w.zone()),
                        symbol(par, r.parameterId()), par == null ? "" : par.unit(), r.avg(), r.min(), r.max(),
                        r.validCount(), r.totalCount(), r.expectedCount(), r.completeness(), r.valid());
            }
            return finish(csv.bytes(), ApiResponse.CSV, p, w, page.next());
        }
        byte[] body = envelope(station, w, p, page.next(), page.rows().size(), g -> {
            for (AggregateRow r : page.rows()) {
                g.writeStartObject();
                g.writeStringField("start", Json.time(r.start(), w.zone()));
                if (daily) {
                    g.writeStringField("day", r.day().toString());
                }
                g.writeStringField("parameter", symbol(byId.get(r.parameterId()), r.parameterId()));
                Json.nullableNumber(g, "avg", r.avg());
                Json.nullableNumber(g, "min", r.min());
                Json.nullableNumber(g, "max", r.max());
                g.writeNumberField("validCount", r.validCount());
                g.writeNumberField("totalCount", r.totalCount());
                g.writeNumberField("expectedCount", r.expectedCount());
                g.writeNumberField("completeness", r.completeness());
                g.writeBooleanField("valid", r.valid());
                g.writeEndObject();
            }
        });
        return finish(body, ApiResponse.JSON, p, w, page.next());
    }

    private ApiResponse aqi(RoutingContext ctx, boolean daily) {
        RequestParams p = new RequestParams(ctx);
        Station station = p.station(api.catalog());
        ApiLimits l = api.config().limits();
        TimeWindow w = daily ? window(p, Duration.ofDays(31), l.maxDailyRange())
                : window(p, Duration.ofDays(7), l.maxHourlyRange());
        String index = p.index();
        Format format = p.format(SERIES_FORMATS);
        int limit = p.limit(l.defaultPage(), l.maxPage());
        Page<AqiRow> page = daily ? api.series().aqiDaily(station.id(), index, w, p.cursor(), limit)
                : api.series().aqiHourly(station.id(), index, w, p.cursor(), limit);
        if (format == Format.CSV) {
            Csv csv = new Csv().row("station", daily ? "day" : "hour_start", "index", "aqi", "dominant",
                    "sub_indices");
            for (AqiRow r : page.rows()) {
                csv.row(station.code(), daily ? r.day() : Json.time(r.start(), w.zone()), index, r.aqi(),
                        r.dominant(), r.subIndicesJson());
            }
            return finish(csv.bytes(), ApiResponse.CSV, p, w, page.next());
        }
        byte[] body = envelope(station, w, p, page.next(), page.rows().size(), g -> {
            for (AqiRow r : page.rows()) {
                g.writeStartObject();
                g.writeStringField("start", Json.time(r.start(), w.zone()));
                if (daily) {
                    g.writeStringField("day", r.day().toString());
                }
                g.writeStringField("index", index);
                if (r.aqi() == null) {
                    g.writeNullField("aqi");
                } else {
                    g.writeNumberField("aqi", r.aqi());
                }
                Views.aqiBand(g, r.aqi());
                g.writeStringField("dominant", r.dominant());
                g.writeFieldName("subIndices");
                g.writeRawValue(r.subIndicesJson() == null ? "{}" : r.subIndicesJson());
                g.writeEndObject();
            }
        });
        return finish(body, ApiResponse.JSON, p, w, page.next());
    }

    private TimeWindow window(RequestParams p, Duration defaultLength, Duration max) {
        return TimeWindow.parse(p.get("from"), p.get("to"), p.get("tz"), api.config().defaultZone(), defaultLength,
                max, api.clock().instant());
    }

    private byte[] envelope(Station station, TimeWindow w, RequestParams p, Optional<Cursor> next, int count,
                            Json.Body rows) {
        return Json.bytes(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("station");
            g.writeStringField("code", station.code());
            g.writeStringField("name", station.name());
            g.writeEndObject();
            g.writeStringField("timeZone", w.zone().getId());
            g.writeStringField("from", Json.time(w.from(), w.zone()));
            g.writeStringField("to", Json.time(w.to(), w.zone()));
            Views.licence(g, api.config().licence());
            parameters(g, station);
            g.writeNumberField("count", count);
            g.writeArrayFieldStart("data");
            rows.write(g);
            g.writeEndArray();
            g.writeStringField("next", next.map(c -> nextLink(p, w, c)).orElse(null));
            g.writeEndObject();
        });
    }

    private static void parameters(JsonGenerator g, Station station) throws IOException {
        g.writeArrayFieldStart("parameters");
        for (Parameter par : station.parameters()) {
            g.writeStartObject();
            Views.parameterFields(g, par);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The next page keeps the resolved window, so "last 24 hours" does not move between pages. */
    private String nextLink(RequestParams p, TimeWindow w, Cursor c) {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("from", Json.time(w.from(), w.zone()));
        replace.put("to", Json.time(w.to(), w.zone()));
        replace.put("cursor", c.encode());
        return p.linkWith(api.base(), replace);
    }

    private ApiResponse finish(byte[] body, String type, RequestParams p, TimeWindow w, Optional<Cursor> next) {
        Instant now = api.clock().instant();
        // A window that ended hours ago changes only through late data: let clients and proxies keep it a while.
        int maxAge = w.to().isBefore(now.minus(Duration.ofHours(2))) ? 3600 : 60;
        ApiResponse r = ApiResponse.ok(type, body, maxAge)
                .withHeader("Link", "<" + api.config().licence().url() + ">; rel=\"license\"");
        if (next.isPresent()) {
            r = r.withHeader("Link", "<" + nextLink(p, w, next.get()) + ">; rel=\"next\", <"
                    + api.config().licence().url() + ">; rel=\"license\"");
        }
        return r;
    }

    private static Map<Integer, Parameter> byId(Station s) {
        return s.parameters().stream().collect(java.util.stream.Collectors.toMap(Parameter::id,
                Function.identity()));
    }

    private static String symbol(Parameter p, int id) {
        return p == null ? String.valueOf(id) : p.symbol();
    }
}
