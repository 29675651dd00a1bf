package org.quantrac.alerting.notify;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.rules.AlertRule;
import org.quantrac.alerting.rules.RuleBook;
import org.quantrac.alerting.rules.RuleKind;
import org.quantrac.alerting.rules.Severity;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * The e-mail texts, in Vietnamese and English. Times are shown in local time (UTC+7), the time people in the
 * province read clocks in, whatever zone the server runs in.
 */
public final class Messages {

    public static final Set<String> LANGUAGES = Set.of("vi", "en");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(AlertRule.LOCAL);

    private final StationCatalog catalog;
    private final Supplier<RuleBook> rules;

    public Messages(StationCatalog catalog, Supplier<RuleBook> rules) {
        this.catalog = catalog;
        this.rules = rules;
    }

    /** A message: its subject and plain-text body. */
    public record Text(String subject, String body) {
    }

    public Text single(AlertEvent e, String language) {
        boolean vi = "vi".equals(language);
        Alert a = e.alert();
        String subject = String.format(Locale.ROOT, "[Quantrac] %s %s – %s: %s", kind(e.kind(), vi),
                severity(a.severity(), vi), a.stationCode(), what(a, vi));
        return new Text(subject, body(e, vi) + footer(vi));
    }

    public Text digest(String stationCode, List<AlertEvent> events, String language) {
        boolean vi = "vi".equals(language);
        String subject = vi
                ? String.format(Locale.ROOT, "[Quantrac] Tổng hợp %d thay đổi cảnh báo – %s", events.size(), stationCode)
                : String.format(Locale.ROOT, "[Quantrac] Digest of %d alert changes – %s", events.size(), stationCode);
        StringBuilder body = new StringBuilder(vi
                ? "Các thay đổi cảnh báo dưới đây được gộp lại để tránh gửi quá nhiều thư.\n\n"
                : "The alert changes below were grouped to avoid sending too many messages.\n\n");
        int n = 1;
        for (AlertEvent e : events) {
            body.append(n++).append(". ").append(kind(e.kind(), vi)).append(' ')
                    .append(severity(e.alert().severity(), vi)).append(": ").append(what(e.alert(), vi)).append('\n')
                    .append(body(e, vi).indent(3)).append('\n');
        }
        return new Text(subject, body + footer(vi));
    }

    private String body(AlertEvent e, boolean vi) {
        Alert a = e.alert();
        Station s = catalog.byCode(a.stationCode()).orElse(null);
        Parameter p = catalog.parameters().byId(a.parameterId()).orElse(null);
        RuleKind kind = kind(a);
        String unit = kind == RuleKind.OFFLINE ? " s" : kind == RuleKind.CALIBRATION_OVERDUE ? (vi ? " ngày" : " days")
                : p == null || kind == RuleKind.FLATLINE ? ""
                : " " + p.unit() + (kind == RuleKind.RATE ? " / " + rules.get().rule(a.ruleId())
                .map(r -> r.window().toString()).orElse("") : "");
        double value = Double.isNaN(e.value()) ? a.openValue() : e.value();
        StringBuilder b = new StringBuilder();
        line(b, vi ? "Trạm" : "Station", a.stationCode() + (s == null || s.name() == null ? "" : " – " + s.name()));
        line(b, vi ? "Quy tắc" : "Rule", a.ruleId() + " (" + a.source() + ")");
        if (p != null) {
            line(b, vi ? "Thông số" : "Parameter", p.symbol() + " (" + p.name() + ")");
        }
        line(b, vi ? "Giá trị" : "Value", number(value) + unit);
        if (!Double.isNaN(a.limit())) {
            line(b, vi ? "Giới hạn" : "Limit", number(a.limit()) + unit);
        }
        line(b, vi ? "Bắt đầu" : "Condition since", TIME.format(a.conditionSince()) + " (UTC+7)");
        line(b, vi ? "Thời điểm" : "Time", TIME.format(e.time()) + " (UTC+7)");
        line(b, vi ? "Trạng thái" : "State", state(a, vi));
        line(b, vi ? "Người thực hiện" : "By", AlertEvent.SYSTEM.equals(e.actor())
                ? (vi ? "hệ thống" : "system") : e.actor());
        e.comment().ifPresent(c -> line(b, vi ? "Ghi chú" : "Comment", c));
        line(b, vi ? "Mã cảnh báo" : "Alert id", String.valueOf(a.id()));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label).append(": ").append(value).append('\n');
    }

    private static String footer(boolean vi) {
        return vi ? "\n— Hệ thống quan trắc tự động Quantrac. Thư tự động, vui lòng không trả lời.\n"
                : "\n— Quantrac automatic monitoring. This message was sent automatically; please do not reply.\n";
    }

    private String what(Alert a, boolean vi) {
        RuleKind kind = kind(a);
        String symbol = catalog.parameters().byId(a.parameterId()).map(Parameter::symbol).orElse(a.ruleId());
        switch (kind) {
            case OFFLINE: return vi ? "trạm mất dữ liệu" : "station offline";
            case DEVICE_ERROR: return vi ? "lỗi thiết bị (trạng thái 02)" : "device error (status 02)";
            case RATE: return vi ? symbol + " thay đổi quá nhanh" : symbol + " changing too fast";
            case FLATLINE: return vi ? symbol + " không đổi (nghi cảm biến bị kẹt)" : symbol + " flat (sensor stuck?)";
            case AQI: return vi ? "AQI vượt " + number(a.limit()) + " (" + a.source() + ")"
                    : "AQI above " + number(a.limit()) + " (" + a.source() + ")";
            case CALIBRATION_OVERDUE: return vi ? symbol + " quá hạn hiệu chuẩn" : symbol + " calibration overdue";
            default: return vi ? symbol + " vượt giới hạn " + a.source() : symbol + " beyond the " + a.source()
                    + " limit";
        }
    }

    private RuleKind kind(Alert a) {
        return rules.get().rule(a.ruleId()).map(AlertRule::kind).orElse(RuleKind.MAX);
    }

    private static String kind(AlertEvent.Kind k, boolean vi) {
        switch (k) {
            case OPENED: return vi ? "MỞ" : "OPENED";
            case ACKNOWLEDGED: return vi ? "ĐÃ XÁC NHẬN" : "ACKNOWLEDGED";
            default: return vi ? "ĐÃ KẾT THÚC" : "RESOLVED";
        }
    }

    private static String severity(Severity s, boolean vi) {
        switch (s) {
            case CRITICAL: return vi ? "[NGHIÊM TRỌNG]" : "[CRITICAL]";
            case WARNING: return vi ? "[CẢNH BÁO]" : "[WARNING]";
            default: return vi ? "[THÔNG TIN]" : "[INFO]";
        }
    }

    private static String state(Alert a, boolean vi) {
        switch (a.state()) {
            case OPEN: return vi ? "đang mở" : "open";
            case ACKNOWLEDGED: return vi ? "đã xác nhận" : "acknowledged";
            default: return vi ? "đã kết thúc" : "resolved";
        }
    }

    private static String number(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
