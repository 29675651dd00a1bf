package org.quantrac.alerting.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.quantrac.alerting.rules.LiveRules;
import org.quantrac.alerting.rules.MaintenanceWindow;
import org.quantrac.alerting.rules.RuleBook;
import org.quantrac.alerting.rules.RuleOverride;
import org.quantrac.alerting.rules.Severity;
import org.quantrac.alerting.rules.StationRule;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rule endpoints: the rule data, per-station overrides and maintenance windows. */
final class RuleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RuleRoutes.class);

    private final Vertx vertx;
    private final LiveRules rules;
    private final StationCatalog catalog;
    private final AlertJson json;

    RuleRoutes(Vertx vertx, LiveRules rules, StationCatalog catalog, AlertJson json) {
        this.vertx = vertx;
        this.rules = rules;
        this.catalog = catalog;
        this.json = json;
    }

    void register(Router router) {
        router.get("/api/v1/rules").handler(this::rules);
        router.get("/api/v1/stations/:code/rules").handler(this::stationRules);
        router.put("/api/v1/stations/:code/rules/:ruleId").handler(this::putOverride);
        router.delete("/api/v1/stations/:code/rules/:ruleId").handler(this::deleteOverride);
        router.get("/api/v1/stations/:code/maintenance").handler(this::maintenance);
        router.post("/api/v1/stations/:code/maintenance").handler(this::declare);
        router.delete("/api/v1/maintenance/:windowId").handler(this::cancel);
    }

    private void rules(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        rules.get().rules().forEach(r -> out.add(json.rule(r)));
        JsonArray overrides = new JsonArray();
        rules.get().overrides().forEach(o -> overrides.add(json.override(o)));
        ctx.json(new JsonObject().put("rules", out).put("overrides", overrides));
    }

    private void stationRules(RoutingContext ctx) {
        Optional<Station> station = Replies.station(catalog, ctx);
        if (station.isEmpty()) {
            return;
        }
        RuleBook book = rules.get();
        JsonArray out = new JsonArray();
        for (StationRule r : book.forStation(station.get())) {
            out.add(json.stationRule(r, book.override(station.get().code(), r.id())));
        }
        JsonArray disabled = new JsonArray();
        book.overrides().stream().filter(o -> o.stationCode().equals(station.get().code()) && o.disables())
                .forEach(o -> disabled.add(o.ruleId()));
        ctx.json(new JsonObject().put("stationCode", station.get().code()).put("rules", out)
                .put("disabled", disabled));
    }

    private void putOverride(RoutingContext ctx) {
        Optional<Station> station = Replies.station(catalog, ctx);
        JsonObject body = station.isEmpty() ? null : Replies.body(ctx);
        String by = body == null ? null : Replies.by(ctx, body, "changes the rule");
        if (by == null) {
            return;
        }
        String ruleId = ctx.pathParam("ruleId");
        if (rules.get().rule(ruleId).isEmpty()) {
            Replies.error(ctx, 404, "no rule " + ruleId);
            return;
        }
        RuleOverride override;
        try {
            override = new RuleOverride(station.get().code(), ruleId, Optional.ofNullable(body.getBoolean("enabled")),
                    Optional.ofNullable(body.getDouble("min")), Optional.ofNullable(body.getDouble("max")),
                    Optional.ofNullable(body.getString("severity"))
                            .map(s -> Severity.valueOf(s.toUpperCase(Locale.ROOT))),
                    Optional.ofNullable(body.getString("persistFor")).map(RuleRoutes::duration), by);
        } catch (IllegalArgumentException | ClassCastException e) {
            Replies.error(ctx, 400, "invalid override: " + e.getMessage()
                    + " (fields: enabled, min, max, severity INFO|WARNING|CRITICAL, persistFor e.g. 15m, by)");
            return;
        }
        Replies.blocking(vertx, ctx, 200, () -> {
            rules.override(override);
            LOG.debug("Rule override set [station: {}] [rule: {}] [by: {}]", override.stationCode(), ruleId, by);
            return json.override(override);
        });
    }

    private void deleteOverride(RoutingContext ctx) {
        Optional<Station> station = Replies.station(catalog, ctx);
        if (station.isEmpty()) {
            return;
        }
        String ruleId = ctx.pathParam("ruleId");
        vertx.executeBlocking(() -> rules.removeOverride(station.get().code(), ruleId), false).onComplete(ar -> {
            if (ar.failed()) {
                Replies.fail(ctx, ar.cause());
            } else if (ar.result()) {
                ctx.response().setStatusCode(204).end();
            } else {
                Replies.error(ctx, 404, "station " + station.get().code() + " has no override of rule " + ruleId);
            }
        });
    }

    private void maintenance(RoutingContext ctx) {
        Optional<Station> station = Replies.station(catalog, ctx);
        if (station.isEmpty()) {
            return;
        }
        JsonArray out = new JsonArray();
        rules.maintenance().of(station.get().code()).forEach(w -> out.add(json.maintenance(w)));
        ctx.json(new JsonObject().put("stationCode", station.get().code()).put("maintenance", out));
    }

    private void declare(RoutingContext ctx) {
        Optional<Station> station = Replies.station(catalog, ctx);
        JsonObject body = station.isEmpty() ? null : Replies.body(ctx);
        String by = body == null ? null : Replies.by(ctx, body, "declares the maintenance");
        if (by == null) {
            return;
        }
        MaintenanceWindow window;
        try {
            window = new MaintenanceWindow(0, station.get().code(), instant(body.getString("from"), "from"),
                    instant(body.getString("to"), "to"), body.getString("reason"), by);
        } catch (IllegalArgumentException | ClassCastException e) {
            Replies.error(ctx, 400, "invalid maintenance window: " + e.getMessage()
                    + " (fields: from, to as ISO-8601 with offset, e.g. 2026-03-10T08:00:00+07:00; reason; by)");
            return;
        }
        Replies.blocking(vertx, ctx, 201, () -> {
            MaintenanceWindow stored = rules.declare(window);
            LOG.debug("Maintenance declared [station: {}] [from: {}] [to: {}] [by: {}]", stored.stationCode(),
                    stored.from(), stored.to(), by);
            return json.maintenance(stored);
        });
    }

    private void cancel(RoutingContext ctx) {
        Optional<Long> id = Replies.id(ctx, "windowId");
        if (id.isEmpty()) {
            return;
        }
        vertx.executeBlocking(() -> rules.cancel(id.get()), false).onComplete(ar -> {
            if (ar.failed()) {
                Replies.fail(ctx, ar.cause());
            } else if (ar.result()) {
                ctx.response().setStatusCode(204).end();
            } else {
                Replies.error(ctx, 404, "no maintenance window " + id.get());
            }
        });
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an ISO-8601 time with offset");
        }
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+[smh]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return t.endsWith("s") ? Duration.ofSeconds(n) : t.endsWith("m") ? Duration.ofMinutes(n)
                    : Duration.ofHours(n);
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("persistFor '" + text + "' is not a duration such as 15m or PT15M");
        }
    }
}
