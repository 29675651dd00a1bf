package org.quantrac.portal.tech;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.quantrac.portal.config.PortalConfig.AlertingLink;

/**
 * Acknowledges an alert through the alerting role's API (which owns alert state, its events and notifications): the
 * portal only adds who did it. Blocking; call it off the event loop.
 */
public final class AlertAcknowledger {

    /** The alerting API's answer, passed on to the browser. */
    public record Outcome(int status, String body) {
    }

    private final AlertingLink link;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AlertAcknowledger(AlertingLink link) {
        this.link = link;
    }

    public Outcome acknowledge(long alertId, String user, String comment) {
        JsonObject body = new JsonObject().put("by", user);
        if (comment != null && !comment.isBlank()) {
            body.put("comment", comment);
        }
        HttpRequest r = HttpRequest.newBuilder(URI.create(link.url() + "/api/v1/alerts/" + alertId + "/acknowledge"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + link.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Outcome(resp.statusCode(), resp.body());
        } catch (IOException e) {
            return new Outcome(502, new JsonObject().put("detail", "the alerting service did not answer: "
                    + e.getMessage()).encode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(503, new JsonObject().put("detail", "interrupted").encode());
        }
    }
}
