package org.quantrac.alerting.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.rules.AlertRule;
import org.quantrac.alerting.rules.MaintenanceWindow;
import org.quantrac.alerting.rules.RuleOverride;
import org.quantrac.alerting.rules.StationRule;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.StationCatalog;

/** The JSON shapes of the API (documented in docs/alerting.md). Times are ISO-8601 UTC instants. */
final class AlertJson {

    private final StationCatalog catalog;

    AlertJson(StationCatalog catalog) {
        this.catalog = catalog;
    }

    JsonObject alert(Alert a) {
        JsonObject o = new JsonObject()
                .put("id", a.id())
                .put("stationCode", a.stationCode())
                .put("ruleId", a.ruleId())
                .put("parameter", catalog.parameters().byId(a.parameterId()).map(Parameter::symbol).orElse(null))
                .put("severity", a.severity().name())
                .put("state", a.state().name())
                .put("source", a.source())
                .put("conditionSince", a.conditionSince().toString())
                .put("openedAt", a.openedAt().toString())
                .put("openValue", a.openValue())
                .put("limit", Double.isNaN(a.limit()) ? null : a.limit());
        time(o, "acknowledgedAt", a.acknowledgedAt());
        o.put("acknowledgedBy", a.acknowledgedBy().orElse(null));
        o.put("ackComment", a.ackComment().orElse(null));
        time(o, "resolvedAt", a.resolvedAt());
        o.put("resolvedBy", a.resolvedBy().orElse(null));
        o.put("resolveComment", a.resolveComment().orElse(null));
        return o;
    }

    JsonObject event(AlertEvent e) {
        return new JsonObject()
                .put("eventId", e.eventId().toString())
                .put("kind", e.kind().name())
                .put("state", e.alert().state().name())
                .put("time", e.time().toString())
                .put("actor", e.actor())
                .put("comment", e.comment().orElse(null))
                .put("value", Double.isNaN(e.value()) ? null : e.value());
    }

    JsonObject rule(AlertRule r) {
        JsonObject o = new JsonObject()
                .put("id", r.id())
                .put("ruleSet", r.ruleSet())
                .put("source", r.source())
                .put("effectiveFrom", r.effectiveFrom().toString())
                .put("effectiveTo", r.effectiveTo().map(Object::toString).orElse(null))
                .put("kind", r.kind().name())
                .put("stationKinds", new JsonArray(r.kinds().stream().map(Enum::name).sorted().toList()))
                .put("limitClass", r.limitClass().orElse(null))
                .put("parameter", r.parameter().orElse(null))
                .put("min", r.lower().orElse(null))
                .put("max", r.upper().orElse(null))
                .put("window", r.window().isZero() ? null : r.window().toString())
                .put("persistFor", r.persistFor().toString())
                .put("hysteresis", r.hysteresis().toString())
                .put("severity", r.severity().name())
                .put("kqKf", r.scaleKqKf())
                .put("description", r.description());
        if (r.kind() == org.quantrac.alerting.rules.RuleKind.OFFLINE) {
            o.put("missedIntervals", r.missedIntervals());
        }
        if (r.kind() == org.quantrac.alerting.rules.RuleKind.FLATLINE) {
            o.put("repeats", r.repeats());
        }
        if (r.kind() == org.quantrac.alerting.rules.RuleKind.CALIBRATION_OVERDUE) {
            o.put("calibrationEvery", r.calibrationEvery().toString());
        }
        return o;
    }

    JsonObject stationRule(StationRule r, Optional<RuleOverride> override) {
        return new JsonObject()
                .put("ruleId", r.id())
                .put("source", r.rule().source())
                .put("kind", r.kind().name())
                .put("parameter", r.parameter() == null ? null : r.parameter().symbol())
                .put("unit", r.parameter() == null ? null : r.parameter().unit())
                .put("min", Double.isNaN(r.lower()) ? null : r.lower())
                .put("max", Double.isNaN(r.upper()) ? null : r.upper())
                .put("window", r.rule().window().isZero() ? null : r.rule().window().toString())
                .put("persistFor", r.persistFor().toString())
                .put("severity", r.severity().name())
                .put("overridden", override.isPresent());
    }

    JsonObject override(RuleOverride o) {
        return new JsonObject()
                .put("stationCode", o.stationCode())
                .put("ruleId", o.ruleId())
                .put("enabled", o.enabled().orElse(null))
                .put("min", o.lower().orElse(null))
                .put("max", o.upper().orElse(null))
                .put("severity", o.severity().map(Enum::name).orElse(null))
                .put("persistFor", o.persistFor().map(Object::toString).orElse(null))
                .put("updatedBy", o.updatedBy());
    }

    JsonObject maintenance(MaintenanceWindow w) {
        return new JsonObject()
                .put("id", w.id())
                .put("stationCode", w.stationCode())
                .put("from", w.from().toString())
                .put("to", w.to().toString())
                .put("reason", w.reason())
                .put("createdBy", w.createdBy());
    }

    private static void time(JsonObject o, String key, Optional<Instant> t) {
        o.put(key, t.map(Instant::toString).orElse(null));
    }
}
