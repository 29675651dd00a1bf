package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** The offline timer and the HTTP API end to end. */
class AlertingApiIT extends AlertingItSupport {

    @Test
    void anOfflineStationIsRaisedOnTimeAndClearedByItsFirstNewData() throws Exception {
        Station st = withInterval("QN-ST-01", Duration.ofSeconds(2)); // offline after 3 missed intervals: 6 s
        int dust = st.parameter("Dust").orElseThrow().id();
        start(new StationCatalog(List.of(st), ParameterCatalog.builtIn()));
        Instant last = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        send(st, last, dust, 10, StationStatus.MEASURING);
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 1);
        Row offline = alerts().get(0);
        assertThat(offline.rule()).isEqualTo("offline");
        assertThat(offline.state()).isEqualTo("OPEN");
        assertThat(offline.opened()).isAfter(last.plusSeconds(6)); // never early

        Instant back = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        send(st, back, dust, 11, StationStatus.MEASURING);
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().get(0).resolved() != null);
        assertThat(alerts().get(0)).isEqualTo(new Row("QN-ST-01", "offline", "RESOLVED", offline.opened(), back));
        // silent again: a new episode, raised 6 s after the last data, not a second open alert of the first
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 2);
        assertThat(alerts().get(1).opened()).isAfter(back.plusSeconds(6));
        assertThat(events()).containsExactly("offline OPENED", "offline RESOLVED", "offline OPENED");
    }


    @Test
    void theApiListsAcknowledgesAndResolvesAlertsAndEditsRules() throws Exception {
        Station sw = withInterval("QN-SW-02", Duration.ofMinutes(5));
        AlertingApp app = start(new StationCatalog(List.of(sw), ParameterCatalog.builtIn()));
        assertThat(api(app, "GET", "/api/v1/alerts", null, null).statusCode()).isEqualTo(401);
        assertThat(api(app, "GET", "/api/v1/alerts", null, "wrong-token-0123456789").statusCode()).isEqualTo(401);
        disableOffline(app, "QN-SW-02");
        for (int m = 0; m <= 15; m += 5) {
            ph(sw, m, 9.0, StationStatus.MEASURING);
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 1);

        var list = new io.vertx.core.json.JsonObject(api(app, "GET", "/api/v1/alerts", null, TOKEN).body());
        assertThat(list.getJsonArray("alerts")).hasSize(1);
        var alert = list.getJsonArray("alerts").getJsonObject(0);
        long id = alert.getLong("id");
        assertThat(alert.getString("state")).isEqualTo("OPEN");
        assertThat(alert.getString("ruleId")).isEqualTo(PH_RULE);
        assertThat(alert.getString("parameter")).isEqualTo("pH");
        assertThat(alert.getString("openedAt")).isEqualTo(minute(15).toString());
        assertThat(alert.getString("conditionSince")).isEqualTo(minute(0).toString());
        assertThat(alert.getDouble("limit")).isEqualTo(8.5);

        String ack = "{\"by\": \"Nguyễn Văn An\", \"comment\": \"đang kiểm tra\"}";
        HttpResponse<String> acked = api(app, "POST", "/api/v1/alerts/" + id + "/acknowledge", ack, TOKEN);
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(new io.vertx.core.json.JsonObject(acked.body()).getString("acknowledgedBy"))
                .isEqualTo("Nguyễn Văn An");
        assertThat(api(app, "POST", "/api/v1/alerts/" + id + "/acknowledge", ack, TOKEN).statusCode())
                .isEqualTo(409);
        assertThat(api(app, "POST", "/api/v1/alerts/" + id + "/resolve", "{}", TOKEN).statusCode()).isEqualTo(400);
        assertThat(api(app, "POST", "/api/v1/alerts/99999/resolve", ack, TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> resolved = api(app, "POST", "/api/v1/alerts/" + id + "/resolve",
                "{\"by\": \"Nguyễn Văn An\", \"comment\": \"đã xử lý\"}", TOKEN);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        var one = new io.vertx.core.json.JsonObject(api(app, "GET", "/api/v1/alerts/" + id, null, TOKEN).body());
        assertThat(one.getString("state")).isEqualTo("RESOLVED");
        assertThat(one.getString("resolvedBy")).isEqualTo("Nguyễn Văn An");
        assertThat(one.getString("resolveComment")).isEqualTo("đã xử lý");
        assertThat(one.getJsonArray("events").stream()
                .map(e -> ((io.vertx.core.json.JsonObject) e).getString("kind") + " "
                        + ((io.vertx.core.json.JsonObject) e).getString("actor")))
                .containsExactly("OPENED system", "ACKNOWLEDGED Nguyễn Văn An", "RESOLVED Nguyễn Văn An");

        // the condition persists: after a manual resolution a new alert opens once the duration has passed again
        for (int m = 20; m <= 35; m += 5) {
            ph(sw, m, 9.0, StationStatus.MEASURING);
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 2);
        assertThat(alerts().get(1)).isEqualTo(new Row("QN-SW-02", PH_RULE, "OPEN", minute(35), null));
        assertThat(alertsOnTopic(4)).extracting(r -> r.value().getKind().name() + " " + r.value().getActor())
                .containsExactly("OPENED system", "ACKNOWLEDGED Nguyễn Văn An", "RESOLVED Nguyễn Văn An",
                        "OPENED system");

        // rules: read, override, remove
        var rules = new io.vertx.core.json.JsonObject(api(app, "GET", "/api/v1/rules", null, TOKEN).body());
        assertThat(rules.getJsonArray("rules").stream().map(r -> ((io.vertx.core.json.JsonObject) r).getString("id")))
                .contains(SO2_RULE, PH_RULE, "offline");
        String path = "/api/v1/stations/QN-SW-02/rules";
        var mine = new io.vertx.core.json.JsonObject(api(app, "GET", path, null, TOKEN).body());
        assertThat(mine.getJsonArray("disabled").stream().map(Object::toString)).containsExactly("offline");
        HttpResponse<String> put = api(app, "PUT", path + "/" + PH_RULE,
                "{\"max\": 8.0, \"severity\": \"warning\", \"persistFor\": \"10m\", \"by\": \"it\"}", TOKEN);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        var ph = new io.vertx.core.json.JsonObject(api(app, "GET", path, null, TOKEN).body()).getJsonArray("rules")
                .stream().map(r -> (io.vertx.core.json.JsonObject) r)
                .filter(r -> r.getString("ruleId").equals(PH_RULE)).findFirst().orElseThrow();
        assertThat(ph.getDouble("max")).isEqualTo(8.0);
        assertThat(ph.getDouble("min")).isEqualTo(6.0);
        assertThat(ph.getString("severity")).isEqualTo("WARNING");
        assertThat(ph.getString("persistFor")).isEqualTo("PT10M");
        assertThat(ph.getBoolean("overridden")).isTrue();
        assertThat(api(app, "PUT", path + "/no-such-rule", "{\"by\": \"it\"}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(api(app, "PUT", path + "/" + PH_RULE, "{\"severity\": \"loud\", \"by\": \"it\"}", TOKEN)
                .statusCode()).isEqualTo(400);
        assertThat(api(app, "DELETE", path + "/" + PH_RULE, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(api(app, "DELETE", path + "/" + PH_RULE, null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(app.rules().get().override("QN-SW-02", PH_RULE)).isEmpty();

        // maintenance windows: declare, list, reject a bad one, cancel
        String maintenance = "/api/v1/stations/QN-SW-02/maintenance";
        HttpResponse<String> declared = api(app, "POST", maintenance, "{\"from\": \"2026-03-10T09:00:00+07:00\", "
                + "\"to\": \"2026-03-10T11:00:00+07:00\", \"reason\": \"vệ sinh đầu đo\", \"by\": \"it\"}", TOKEN);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        long windowId = new io.vertx.core.json.JsonObject(declared.body()).getLong("id");
        var windows = new io.vertx.core.json.JsonObject(api(app, "GET", maintenance, null, TOKEN).body())
                .getJsonArray("maintenance");
        assertThat(windows).hasSize(1);
        assertThat(windows.getJsonObject(0).getString("from")).isEqualTo("2026-03-10T02:00:00Z");
        assertThat(windows.getJsonObject(0).getString("reason")).isEqualTo("vệ sinh đầu đo");
        assertThat(app.rules().maintenance().inMaintenance("QN-SW-02", Instant.parse("2026-03-10T03:00:00Z")))
                .isTrue();
        assertThat(api(app, "POST", maintenance, "{\"from\": \"2026-03-10T11:00:00+07:00\", "
                + "\"to\": \"2026-03-10T09:00:00+07:00\", \"by\": \"it\"}", TOKEN).statusCode()).isEqualTo(400);
        assertThat(api(app, "DELETE", "/api/v1/maintenance/" + windowId, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(api(app, "DELETE", "/api/v1/maintenance/" + windowId, null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(app.rules().maintenance().all()).isEmpty();
    }
}
