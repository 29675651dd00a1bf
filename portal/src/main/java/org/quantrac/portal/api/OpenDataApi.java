package org.quantrac.portal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.portal.api.RequestParams.Format;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.Rows.AlertRow;
import org.quantrac.portal.query.Rows.AqiRow;
import org.quantrac.portal.query.Rows.LatestValue;
import org.quantrac.portal.query.TimeWindow;

/**
 * The public open-data API under {@code /api/v1}: catalog, latest values, alerts, the OpenAPI document and Swagger UI.
 * Series endpoints are in {@link SeriesEndpoints}. No login; CORS and rate limiting are added by the portal's router.
 */
public final class OpenDataApi {

    public static final String OPENAPI_RESOURCE = "/org/quantrac/portal/api/openapi.json";
    private static final Duration MAX_ALERT_RANGE = Duration.ofDays(366);

    private final ApiContext api;
    private final byte[] openApi;
    private final ShortCache latestCache;

    public OpenDataApi(ApiContext api) {
        this.api = api;
        this.latestCache = new ShortCache(api.config().limits().latestCache(), System::nanoTime);
        this.openApi = resource(OPENAPI_RESOURCE);
    }

    public void register(Router router) {
        Responder r = api.responder();
        router.get("/api/v1").handler(ctx -> r.send(ctx, index()));
        router.get("/api/v1/openapi.json").handler(ctx -> r.send(ctx, ApiResponse.ok(ApiResponse.JSON, openApi,
                3600)));
        router.get("/api/v1/stations").handler(ctx -> r.respond(ctx, () -> stations(ctx)));
        router.get("/api/v1/stations/:code").handler(ctx -> r.respond(ctx, () -> station(ctx)));
        router.get("/api/v1/parameters").handler(ctx -> r.send(ctx, parameters()));
        router.get("/api/v1/latest").handler(ctx -> r.respond(ctx, () -> latestCache.get(
                ctx.request().getParam("format") + "|" + ctx.request().getParam("tz") + "|"
                        + new RequestParams(ctx).format(EnumSet.of(Format.JSON, Format.CSV)),
                () -> latest(ctx, api.catalog().all()))));
        router.get("/api/v1/stations/:code/latest").handler(ctx -> r.respond(ctx, () -> latest(ctx,
                List.of(new RequestParams(ctx).station(api.catalog())))));
        router.get("/api/v1/alerts").handler(ctx -> r.respond(ctx, () -> alerts(ctx)));
        new SeriesEndpoints(api).register(router);
        swaggerUi(router);
    }

    private ApiResponse index() {
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("name", "Quantrac open data API");
            g.writeStringField("version", "v1");
            Views.licence(g, api.config().licence());
            g.writeStringField("openapi", api.base() + "/api/v1/openapi.json");
            g.writeStringField("documentation", api.base() + "/api/v1/docs/");
            g.writeStringField("sensorThings", api.base() + "/sta/v1.1");
            g.writeStringField("defaultTimeZone", api.config().defaultZone().getId());
            g.writeEndObject();
        });
        return ApiResponse.ok(ApiResponse.JSON, body, 3600);
    }

    private ApiResponse stations(RoutingContext ctx) {
        Format f = new RequestParams(ctx).format(EnumSet.of(Format.JSON, Format.GEOJSON));
        Collection<Station> all = api.catalog().all();
        if (f == Format.GEOJSON) {
            return ApiResponse.ok(ApiResponse.GEOJSON, Json.bytes(g -> {
                g.writeStartObject();
                g.writeStringField("type", "FeatureCollection");
                Views.licence(g, api.config().licence());
                g.writeArrayFieldStart("features");
                for (Station s : all) {
                    g.writeStartObject();
                    g.writeStringField("type", "Feature");
                    g.writeStringField("id", s.code());
                    g.writeObjectFieldStart("geometry");
                    g.writeStringField("type", "Point");
                    g.writeArrayFieldStart("coordinates");
                    g.writeNumber(s.longitude());
                    g.writeNumber(s.latitude());
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeObjectFieldStart("properties");
                    Views.stationFields(g, s, false);
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }), 3600);
        }
        return ApiResponse.ok(ApiResponse.JSON, Json.bytes(g -> {
            g.writeStartObject();
            Views.licence(g, api.config().licence());
            g.writeNumberField("count", all.size());
            g.writeArrayFieldStart("stations");
            for (Station s : all) {
                g.writeStartObject();
                Views.stationFields(g, s, true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }), 3600);
    }

    private ApiResponse station(RoutingContext ctx) {
        Station s = new RequestParams(ctx).station(api.catalog());
        return ApiResponse.ok(ApiResponse.JSON, Json.bytes(g -> {
            g.writeStartObject();
            Views.stationFields(g, s, true);
            Views.licence(g, api.config().licence());
            g.writeEndObject();
        }), 3600);
    }

    private ApiResponse parameters() {
        return ApiResponse.ok(ApiResponse.JSON, Json.bytes(g -> {
            g.writeStartObject();
            Views.licence(g, api.config().licence());
            g.writeArrayFieldStart("parameters");
            for (Parameter p : api.catalog().parameters().all()) {
                g.writeStartObject();
                Views.parameterFields(g, p);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }), 3600);
    }

    private ApiResponse latest(RoutingContext ctx, Collection<Station> stations) {
        RequestParams p = new RequestParams(ctx);
        Format f = p.format(EnumSet.of(Format.JSON, Format.CSV));
        ZoneId zone = TimeWindow.zone(p.get("tz"), api.config().defaultZone());
        Instant now = api.clock().instant();
        Map<Integer, List<LatestValue>> latest = api.status().latest(stations, api.config().limits().latestWindow(),
                now);
        Map<Integer, AqiRow> aqi = api.status().currentAqi("VN_AQI", now);
        if (f == Format.CSV) {
            Csv csv = new Csv().row("station", "time", "parameter", "unit", "value", "status", "qc_flags");
            for (Station s : stations) {
                for (LatestValue v : latest.getOrDefault(s.id(), List.of())) {
                    Optional<Parameter> par = s.parameters().stream().filter(x -> x.id() == v.parameterId())
                            .findFirst();
                    csv.row(s.code(), Json.time(v.time(), zone), par.map(Parameter::symbol).orElse(""),
                            par.map(Parameter::unit).orElse(""), v.value(), v.status(),
                            Views.qcFlagsText(v.qcFlags()));
                }
            }
            return ApiResponse.ok(ApiResponse.CSV, csv.bytes(), 30);
        }
        return ApiResponse.ok(ApiResponse.JSON, Json.bytes(g -> {
            g.writeStartObject();
            Views.licence(g, api.config().licence());
            g.writeStringField("generatedAt", Json.time(now, zone));
            g.writeArrayFieldStart("stations");
            for (Station s : stations) {
                latestStation(g, s, latest.getOrDefault(s.id(), List.of()), aqi.get(s.id()), zone);
            }
            g.writeEndArray();
            g.writeEndObject();
        }), 30);
    }

    private static void latestStation(JsonGenerator g, Station s, List<LatestValue> values, AqiRow aqi, ZoneId zone)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("code", s.code());
        Instant lastSeen = values.stream().map(LatestValue::time).max(Instant::compareTo).orElse(null);
        g.writeStringField("lastSeen", Json.time(lastSeen, zone));
        if (aqi == null) {
            g.writeNullField("aqi");
        } else {
            g.writeObjectFieldStart("aqi");
            g.writeStringField("index", aqi.index());
            g.writeNumberField("value", aqi.aqi());
            Views.aqiBand(g, aqi.aqi());
            g.writeStringField("hourStart", Json.time(aqi.start(), zone));
            g.writeStringField("dominant", aqi.dominant());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("values");
        for (Parameter p : s.parameters()) {
            for (LatestValue v : values) {
                if (v.parameterId() == p.id()) {
                    g.writeStartObject();
                    g.writeStringField("parameter", p.symbol());
                    g.writeStringField("unit", p.unit());
                    g.writeNumberField("value", v.value());
                    g.writeStringField("time", Json.time(v.time(), zone));
                    g.writeNumberField("status", v.status());
                    Views.qcFlags(g, v.qcFlags());
                    g.writeEndObject();
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private ApiResponse alerts(RoutingContext ctx) {
        RequestParams p = new RequestParams(ctx);
        TimeWindow w = TimeWindow.parse(p.get("from"), p.get("to"), p.get("tz"), api.config().defaultZone(),
                Duration.ofDays(31), MAX_ALERT_RANGE, api.clock().instant());
        Optional<String> station = Optional.ofNullable(p.get("station")).filter(s -> !s.isBlank());
        station.ifPresent(code -> api.catalog().byCode(code).orElseThrow(() -> new BadRequest(
                "'station' = '" + code + "' is not a station code; the list is at /api/v1/stations")));
        Optional<String> state = Optional.ofNullable(p.get("state")).filter(s -> !s.isBlank()).map(s -> {
            if (!List.of("OPEN", "ACKNOWLEDGED", "RESOLVED").contains(s)) {
                throw new BadRequest("'state' = '" + s + "' must be OPEN, ACKNOWLEDGED or RESOLVED");
            }
            return s;
        });
        int limit = p.limit(1000, 10_000);
        List<AlertRow> rows = api.status().alerts(w, station, state, false, limit);
        return ApiResponse.ok(ApiResponse.JSON, Json.bytes(g -> {
            g.writeStartObject();
            Views.licence(g, api.config().licence());
            g.writeStringField("from", Json.time(w.from(), w.zone()));
            g.writeStringField("to", Json.time(w.to(), w.zone()));
            g.writeArrayFieldStart("alerts");
            for (AlertRow a : rows) {
                alert(g, a, w.zone(), api);
            }
            g.writeEndArray();
            g.writeEndObject();
        }), 60);
    }

    static void alert(JsonGenerator g, AlertRow a, ZoneId zone, ApiContext api) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", a.id());
        g.writeStringField("station", a.stationCode());
        g.writeStringField("rule", a.ruleId());
        Optional<Parameter> par = a.parameterId() == null ? Optional.empty()
                : api.catalog().parameters().all().stream().filter(x -> x.id() == a.parameterId()).findFirst();
        g.writeStringField("parameter", par.map(Parameter::symbol).orElse(null));
        g.writeStringField("severity", a.severity());
        g.writeStringField("state", a.state());
        g.writeStringField("regulation", a.source());
        g.writeStringField("conditionSince", Json.time(a.conditionSince(), zone));
        g.writeStringField("openedAt", Json.time(a.openedAt(), zone));
        g.writeNumberField("value", a.openValue());
        Json.nullableNumber(g, "limit", a.limitValue());
        g.writeStringField("acknowledgedAt", Json.time(a.acknowledgedAt(), zone));
        g.writeStringField("resolvedAt", Json.time(a.resolvedAt(), zone));
        g.writeEndObject();
    }

    /** Swagger UI from its webjar, with our own page pointing it at our document (its default is a demo API). */
    private void swaggerUi(Router router) {
        String version = webjarVersion("swagger-ui");
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Quantrac API</title>"
                + "<link rel=\"stylesheet\" href=\"assets/swagger-ui.css\"></head><body><div id=\"ui\"></div>"
                + "<script src=\"assets/swagger-ui-bundle.js\"></script><script>"
                + "SwaggerUIBundle({url: '../openapi.json', dom_id: '#ui'});</script></body></html>";
        // One route for both spellings: Vert.x matches /docs and /docs/ alike; relative asset links need the slash.
        router.get("/api/v1/docs").handler(ctx -> {
            if (!ctx.request().path().endsWith("/")) {
                ctx.redirect("/api/v1/docs/");
            } else {
                ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
            }
        });
        router.get("/api/v1/docs/assets/*").handler(StaticHandler.create(
                "META-INF/resources/webjars/swagger-ui/" + version).setCachingEnabled(true));
    }

    static String webjarVersion(String name) {
        Properties p = new Properties();
        try (InputStream in = OpenDataApi.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/" + name + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjar " + name + " is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    static byte[] resource(String name) {
        try (InputStream in = OpenDataApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
