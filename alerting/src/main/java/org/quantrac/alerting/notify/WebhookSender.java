package org.quantrac.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.quantrac.alerting.lifecycle.Alert;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.StationCatalog;

/**
 * POSTs alert changes as JSON. Every request carries {@code Idempotency-Key} (the same on every retry of one message,
 * so a receiver that answered too late can drop the repeat) and {@code X-Quantrac-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the exact body bytes with the subscription's secret.
 */
public final class WebhookSender {

    public static final String SIGNATURE_HEADER = "X-Quantrac-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final HttpClient client;
    private final Duration timeout;
    private final StationCatalog catalog;
    private final ObjectMapper json = new ObjectMapper();

    public WebhookSender(Duration timeout, StationCatalog catalog) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.catalog = catalog;
    }

    public void send(Subscription s, List<AlertEvent> events, String key) throws DeliveryException {
        byte[] body = body(s, events, key);
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.webhookUrl()))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(IDEMPOTENCY_HEADER, key)
                .header(SIGNATURE_HEADER, "sha256=" + sign(s.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException("webhook " + s.webhookUrl() + " unreachable: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", false, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            // 408 and 429 say "later"; other 4xx say the request itself is wrong, which a retry cannot change.
            boolean permanent = status / 100 == 4 && status != 408 && status != 429;
            throw new DeliveryException("webhook " + s.webhookUrl() + " answered HTTP " + status, permanent, null);
        }
    }

    /** HMAC-SHA256 of the body, lower-case hex. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    byte[] body(Subscription s, List<AlertEvent> events, String key) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deliveryId", key);
        root.put("subscription", s.name());
        root.put("events", events.stream().map(this::event).toList());
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode webhook body", e);
        }
    }

    private Map<String, Object> event(AlertEvent e) {
        Alert a = e.alert();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.eventId().toString());
        m.put("kind", e.kind().name());
        m.put("alertId", a.id());
        m.put("state", a.state().name());
        m.put("stationCode", a.stationCode());
        m.put("ruleId", a.ruleId());
        Parameter p = catalog.parameters().byId(a.parameterId()).orElse(null);
        m.put("parameter", p == null ? null : p.symbol());
        m.put("unit", p == null ? null : p.unit());
        m.put("severity", a.severity().name());
        m.put("source", a.source());
        m.put("time", e.time().toString());
        m.put("conditionSince", a.conditionSince().toString());
        m.put("openedAt", a.openedAt().toString());
        m.put("value", finite(Double.isNaN(e.value()) ? a.openValue() : e.value()));
        m.put("limit", finite(a.limit()));
        m.put("actor", e.actor());
        m.put("comment", e.comment().orElse(null));
        return m;
    }

    private static Object finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
