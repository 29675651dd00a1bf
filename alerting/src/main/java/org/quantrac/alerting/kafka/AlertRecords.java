package org.quantrac.alerting.kafka;

import java.util.Locale;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.record.v1.AlertChange;
import org.quantrac.alerting.record.v1.AlertState;
import org.quantrac.alerting.record.v1.Severity;

/** Maps alert events to the {@code AlertChange} records of the alerts topic. */
public final class AlertRecords {

    private AlertRecords() {
    }

    public static AlertChange toRecord(AlertEvent e) {
        Alert a = e.alert();
        AlertChange.Builder b = AlertChange.newBuilder()
                .setEventId(e.eventId().toString())
                .setAlertId(a.id())
                .setKind(AlertChange.Kind.valueOf(e.kind().name()))
                .setState(AlertState.valueOf(a.state().name()))
                .setStationId(a.stationId())
                .setStationCode(a.stationCode())
                .setRuleId(a.ruleId())
                .setParameterId(Math.max(0, a.parameterId()))
                .setSeverity(Severity.valueOf(a.severity().name()))
                .setTimeMs(e.time().toEpochMilli())
                .setConditionSinceMs(a.conditionSince().toEpochMilli())
                .setOpenedMs(a.openedAt().toEpochMilli())
                .setActor(e.actor())
                .setComment(e.comment().orElse(""))
                .setSource(a.source())
                .setDescription(describe(e));
        double value = Double.isNaN(e.value()) ? a.openValue() : e.value();
        b.setValue(value);
        if (!Double.isNaN(a.limit())) {
            b.setLimit(a.limit());
        }
        return b.build();
    }

    /** A one-line English summary, e.g. {@code QN-AQ-01 qcvn05-2023.SO2.1h OPENED: 512.3 (limit 350.0)}. */
    public static String describe(AlertEvent e) {
        Alert a = e.alert();
        double value = Double.isNaN(e.value()) ? a.openValue() : e.value();
        String limit = Double.isNaN(a.limit()) ? "" : String.format(Locale.ROOT, " (limit %.1f)", a.limit());
        return String.format(Locale.ROOT, "%s %s %s by %s: %.1f%s", a.stationCode(), a.ruleId(), e.kind(),
                e.actor(), value, limit);
    }
}
