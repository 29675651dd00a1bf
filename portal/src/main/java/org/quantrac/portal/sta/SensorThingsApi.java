package org.quantrac.portal.sta;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.portal.api.ApiContext;
import org.quantrac.portal.api.ApiResponse;
import org.quantrac.portal.api.Json;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.NotFound;
import org.quantrac.portal.sta.StaEntities.Ds;
import org.quantrac.portal.sta.StaObservations.Obs;

/**
 * OGC SensorThings API v1.1, read-only subset, under {@code /sta/v1.1}: Things (stations), Locations (their
 * positions), Datastreams (station × parameter, id = station id × 1000 + parameter id), Sensors (the instrument of a
 * datastream, same id), ObservedProperties (parameters), Observations (readings, id {@code station-parameter-epochMs}).
 * Options: see {@link StaQuery}. {@code /Observations} across all datastreams needs a phenomenonTime range and
 * otherwise covers the last hour.
 */
public final class SensorThingsApi {

    public static final String ROOT = "/sta/v1.1";
    private static final Pattern PATH = Pattern.compile(
            "^/sta/v1\\.1(?:/(\\w+)(?:\\(('?[^)']*'?)\\))?(?:/(\\w+))?)?/?$");
    static final List<String> SETS = List.of("Things", "Locations", "Datastreams", "Sensors", "ObservedProperties",
            "Observations");

    private final ApiContext api;
    private final StaObservations observations;

    public SensorThingsApi(ApiContext api, StaObservations observations) {
        this.api = api;
        this.observations = observations;
    }

    public void register(Router router) {
        router.getWithRegex("/sta/v1\\.1.*").handler(ctx -> api.responder().respond(ctx, () -> handle(ctx)));
    }

    private ApiResponse handle(RoutingContext ctx) {
        Matcher m = PATH.matcher(ctx.request().path());
        if (!m.matches()) {
            throw new NotFound("no SensorThings resource at " + ctx.request().path());
        }
        StaEntities e = new StaEntities(api, base(ctx), observations);
        if (m.group(1) == null) {
            return json(Json.bytes(g -> e.root(g)));
        }
        String set = m.group(1);
        if (!SETS.contains(set)) {
            throw new NotFound("unknown entity set '" + set + "'; this server has " + String.join(", ", SETS));
        }
        StaQuery q = StaQuery.parse(ctx.request().getParam("$top"), ctx.request().getParam("$skip"),
                ctx.request().getParam("$count"), ctx.request().getParam("$orderby"),
                ctx.request().getParam("$expand"), ctx.request().getParam("$filter"));
        String id = m.group(2);
        String nav = m.group(3);
        if (id == null) {
            return collection(ctx, e, set, all(set, q), q, Optional.empty());
        }
        Object entity = e.find(set, id);
        if (nav == null) {
            return json(Json.bytes(g -> e.write(g, set, entity, q.expand())));
        }
        return navigate(ctx, e, set, entity, nav, q);
    }

    private ApiResponse navigate(RoutingContext ctx, StaEntities e, String set, Object entity, String nav,
                                 StaQuery q) {
        switch (set + "/" + nav) {
            case "Things/Locations":
                return collection(ctx, e, "Locations", List.of(entity), q, Optional.empty());
            case "Things/Datastreams":
                return collection(ctx, e, "Datastreams", e.datastreams((Station) entity), q, Optional.empty());
            case "Things/HistoricalLocations":
                // stations do not move: an empty collection, so clients following the advertised link succeed
                return json(Json.bytes(g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("value");
                    g.writeEndArray();
                    g.writeEndObject();
                }));
            case "Locations/Things":
                return collection(ctx, e, "Things", List.of(entity), q, Optional.empty());
            case "Datastreams/Thing":
                return json(Json.bytes(g -> e.write(g, "Things", ((Ds) entity).station(), q.expand())));
            case "Datastreams/Sensor":
                return json(Json.bytes(g -> e.write(g, "Sensors", entity, q.expand())));
            case "Datastreams/ObservedProperty":
                return json(Json.bytes(g -> e.write(g, "ObservedProperties", ((Ds) entity).parameter(),
                        q.expand())));
            case "Datastreams/Observations":
                return collection(ctx, e, "Observations", null, q, Optional.of((Ds) entity));
            case "Sensors/Datastreams":
                return collection(ctx, e, "Datastreams", List.of(entity), q, Optional.empty());
            case "ObservedProperties/Datastreams":
                return collection(ctx, e, "Datastreams", e.datastreams((Parameter) entity), q, Optional.empty());
            case "Observations/Datastream":
                Obs o = (Obs) entity;
                return json(Json.bytes(g -> e.write(g, "Datastreams", e.find("Datastreams",
                        Integer.toString(o.stationId() * 1000 + o.parameterId())), q.expand())));
            default:
                throw new NotFound(set + " has no navigation property '" + nav + "' here");
        }
    }

    private List<Object> all(String set, StaQuery q) {
        List<Object> out = new ArrayList<>();
        switch (set) {
            case "Things":
            case "Locations":
                out.addAll(api.catalog().all());
                break;
            case "Datastreams":
            case "Sensors":
                api.catalog().all().forEach(s -> s.parameters().forEach(p -> out.add(new Ds(s, p))));
                break;
            case "ObservedProperties":
                out.addAll(api.catalog().parameters().all());
                break;
            default:
                return null; // Observations: from the database
        }
        return out;
    }

    private ApiResponse collection(RoutingContext ctx, StaEntities e, String set, List<Object> items, StaQuery q,
                                   Optional<Ds> of) {
        List<Object> page;
        Long count = null;
        if (set.equals("Observations")) {
            if (q.orderBy().isPresent() && !q.orderBy().get().matches("phenomenonTime|resultTime|@iot\\.id")) {
                throw new BadRequest("$orderby on Observations: phenomenonTime (asc or desc) only");
            }
            Optional<Integer> station = of.map(d -> d.station().id());
            Optional<Integer> parameter = of.map(d -> d.parameter().id());
            Optional<Instant> from = q.from();
            Optional<Instant> to = q.to();
            if (of.isEmpty() && from.isEmpty()) {
                Instant end = to.orElse(api.clock().instant());
                from = Optional.of(end.minus(Duration.ofHours(1)));
            }
            page = new ArrayList<>(observations.find(station, parameter, from, to, q.descending(), q.top(),
                    q.skip()));
            if (q.count()) {
                count = observations.count(station, parameter, from, to);
            }
        } else {
            List<Object> filtered = new ArrayList<>();
            for (Object o : items) {
                if (q.idEq().map(id -> id == e.id(set, o)).orElse(true)
                        && q.nameEq().map(n -> n.equals(e.name(set, o))).orElse(true)) {
                    filtered.add(o);
                }
            }
            if (q.orderBy().isPresent()) {
                Comparator<Object> cmp = switch (q.orderBy().get()) {
                    case "@iot.id", "id" -> Comparator.comparingLong(o -> e.id(set, o));
                    case "name" -> Comparator.comparing(o -> e.name(set, o));
                    default -> throw new BadRequest("$orderby on " + set + ": @iot.id or name");
                };
                filtered.sort(q.descending() ? cmp.reversed() : cmp);
            }
            count = q.count() ? (long) filtered.size() : null;
            page = filtered.subList(Math.min(q.skip(), filtered.size()),
                    Math.min(filtered.size(), q.skip() + q.top()));
        }
        boolean more = q.top() > 0 && page.size() == q.top();
        Long total = count;
        List<Object> rows = page;
        return json(Json.bytes(g -> {
            g.writeStartObject();
            if (total != null) {
                g.writeNumberField("@iot.count", total);
            }
            if (more && (total == null || q.skip() + q.top() < total)) {
                g.writeStringField("@iot.nextLink", nextLink(ctx, q));
            }
            g.writeArrayFieldStart("value");
            for (Object o : rows) {
                e.write(g, set, o, q.expand());
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private String nextLink(RoutingContext ctx, StaQuery q) {
        StringBuilder sb = new StringBuilder(base(ctx)).append(ctx.request().path());
        char sep = '?';
        for (Map.Entry<String, String> p : ctx.queryParams()) {
            if (!p.getKey().equals("$skip")) {
                sb.append(sep).append(enc(p.getKey())).append('=').append(enc(p.getValue()));
                sep = '&';
            }
        }
        return sb.append(sep).append("$skip=").append(q.skip() + q.top()).toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("%24", "$");
    }

    private String base(RoutingContext ctx) {
        if (!api.base().isEmpty()) {
            return api.base();
        }
        io.vertx.core.net.HostAndPort a = ctx.request().authority();
        String host = a == null ? "localhost" : a.host() + (a.port() > 0 ? ":" + a.port() : "");
        return ctx.request().scheme() + "://" + host;
    }

    private static ApiResponse json(byte[] body) {
        return ApiResponse.ok(ApiResponse.JSON, body, 60);
    }
}
