package org.quantrac.portal.tech;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.quantrac.core.station.Station;
import org.quantrac.portal.api.ApiContext;
import org.quantrac.portal.api.ApiResponse;
import org.quantrac.portal.api.Json;
import org.quantrac.portal.api.RequestParams;
import org.quantrac.portal.auth.AuthRoutes;
import org.quantrac.portal.auth.Role;
import org.quantrac.portal.live.LiveFeed;
import org.quantrac.portal.query.Rows.LatestValue;
import org.quantrac.portal.query.StationTimeline;
import org.quantrac.portal.query.TimeWindow;

/**
 * The technicians' data (login required): the station health table and a station's last raw messages.
 * {@code GET /tech/api/health}, {@code GET /tech/api/stations/{code}/messages}.
 */
public final class TechnicianApi {

    /** A station is offline after three missed intervals, but never sooner than this (file stations batch). */
    private static final Duration MIN_OFFLINE_AFTER = Duration.ofMinutes(15);

    private final ApiContext api;
    private final LiveFeed live;
    private final AlertAcknowledger acknowledger;
    private final StationTimeline timeline;
    private static final Duration MAX_TIMELINE = Duration.ofDays(7);

    public TechnicianApi(ApiContext api, LiveFeed live, StationTimeline timeline) {
        this.timeline = timeline;
        this.api = api;
        this.live = live;
        this.acknowledger = new AlertAcknowledger(api.config().alerting());
    }

    public void register(Router router, AuthRoutes auth) {
        router.route("/tech/api/*").handler(auth.require(Role.TECHNICIAN));
        router.post("/tech/api/alerts/:id/acknowledge").handler(BodyHandler.create().setBodyLimit(16 * 1024));
        router.post("/tech/api/alerts/:id/acknowledge").handler(ctx -> acknowledge(ctx, auth));
        router.get("/tech/api/health").handler(ctx -> api.responder().respond(ctx, this::health));
        router.get("/tech/api/stations/:code/messages").handler(ctx -> api.responder().respond(ctx,
                () -> messages(ctx)));
        router.get("/tech/api/stations/:code/timeline").handler(ctx -> api.responder().respond(ctx,
                () -> timeline(ctx)));
    }

    private void acknowledge(RoutingContext ctx, AuthRoutes auth) {
        if (!api.config().alerting().enabled()) {
            api.responder().send(ctx, ApiResponse.text(503, ApiResponse.JSON, Json.object(g -> g.writeStringField(
                    "detail", "acknowledging is not configured: set portal.alerting.url and portal.alerting.token"))));
            return;
        }
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            api.responder().send(ctx, ApiResponse.text(400, ApiResponse.JSON, Json.object(g -> g.writeStringField(
                    "detail", "alert ids are numbers"))));
            return;
        }
        String user = auth.session(ctx).map(s -> s.user()).orElseThrow();
        String comment;
        try {
            comment = ctx.body() == null || ctx.body().length() == 0 ? null
                    : ctx.body().asJsonObject().getString("comment");
        } catch (RuntimeException e) {
            comment = null; // a comment is optional; a malformed body still acknowledges
        }
        String note = comment;
        api.responder().respond(ctx, () -> {
            AlertAcknowledger.Outcome o = acknowledger.acknowledge(id, user, note);
            return ApiResponse.text(o.status(), ApiResponse.JSON, o.body());
        });
    }

    /** Gaps, calibrations and device errors in the window (default 24 h, at most 7 days), and dead letters. */
    private ApiResponse timeline(RoutingContext ctx) {
        RequestParams p = new RequestParams(ctx);
        Station s = p.station(api.catalog());
        TimeWindow w = TimeWindow.parse(p.get("from"), p.get("to"), p.get("tz"), api.config().defaultZone(),
                Duration.ofDays(1), MAX_TIMELINE, api.clock().instant());
        List<StationTimeline.Event> events = timeline.events(s, w);
        List<String> dead = live == null ? List.of() : live.deadLetters(s.code());
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("station", s.code());
            g.writeStringField("from", Json.time(w.from(), w.zone()));
            g.writeStringField("to", Json.time(w.to(), w.zone()));
            g.writeArrayFieldStart("events");
            for (StationTimeline.Event e : events) {
                g.writeStartObject();
                g.writeStringField("kind", e.kind());
                g.writeStringField("from", Json.time(e.from(), w.zone()));
                g.writeStringField("to", Json.time(e.to(), w.zone()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deadLetters");
            for (String json : dead) {
                g.writeRawValue(json);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new ApiResponse(200, ApiResponse.JSON, body, 0, Map.of());
    }

    public ApiResponse health() {
        Instant now = api.clock().instant();
        ZoneId zone = api.config().defaultZone();
        Collection<Station> stations = api.catalog().all();
        Map<Integer, List<LatestValue>> latest = api.status().latest(stations,
                api.config().limits().latestWindow(), now);
        Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Map<Integer, Double> completeness = api.status().completenessSince(stations, midnight, now);
        Map<String, Integer> openAlerts = api.status().openAlertCounts();
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("generatedAt", Json.time(now, zone));
            g.writeArrayFieldStart("stations");
            for (Station s : stations) {
                List<LatestValue> values = latest.getOrDefault(s.id(), List.of());
                Instant lastSeen = values.stream().map(LatestValue::time).max(Instant::compareTo).orElse(null);
                Duration offlineAfter = s.interval().multipliedBy(3);
                if (offlineAfter.compareTo(MIN_OFFLINE_AFTER) < 0) {
                    offlineAfter = MIN_OFFLINE_AFTER;
                }
                boolean online = lastSeen != null && lastSeen.isAfter(now.minus(offlineAfter));
                int status = values.stream().mapToInt(LatestValue::status).max().orElse(-1);
                g.writeStartObject();
                g.writeStringField("code", s.code());
                g.writeStringField("name", s.name());
                g.writeStringField("kind", s.kind().name());
                g.writeStringField("district", s.district());
                g.writeStringField("protocol", s.protocol().name());
                g.writeBooleanField("online", online);
                g.writeStringField("lastSeen", Json.time(lastSeen, zone));
                g.writeNumberField("messagesPerMinute", live == null ? 0 : live.messagesPerMinute(s.code()));
                g.writeNumberField("completenessToday", completeness.getOrDefault(s.id(), 0.0));
                if (status < 0) {
                    g.writeNullField("statusCode");
                } else {
                    g.writeStringField("statusCode", String.format("%02d", status));
                }
                g.writeNumberField("openAlerts", openAlerts.getOrDefault(s.code(), 0));
                // The connectors do not report their store-and-forward depth per station yet.
                g.writeNullField("bufferDepth");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new ApiResponse(200, ApiResponse.JSON, body, 0, Map.of());
    }

    private ApiResponse messages(RoutingContext ctx) {
        Station s = new RequestParams(ctx).station(api.catalog());
        List<String> recent = live == null ? List.of() : live.recent(s.code());
        byte[] body = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("station", s.code());
            g.writeArrayFieldStart("messages");
            for (String json : recent) {
                g.writeRawValue(json);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new ApiResponse(200, ApiResponse.JSON, body, 0, Map.of());
    }
}
