package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quantrac.core.ops.OpsServer;

/** The probe and scrape paths the manifests use are the ones a real OpsServer answers. */
class ProbePathsTest {

    private static Vertx vertx;
    private static OpsServer ops;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        ops = OpsServer.start(vertx, "127.0.0.1", 0, OpsServer.newRegistry(), Map.of("always", () -> true));
    }

    @AfterAll
    static void stop() throws Exception {
        ops.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static int get(String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void opsServerAnswersTheProbeAndScrapePaths() throws Exception {
        assertThat(get(OpsPaths.LIVE)).isEqualTo(200);
        assertThat(get(OpsPaths.READY)).isEqualTo(200);
        assertThat(get(OpsPaths.METRICS)).isEqualTo(200);
        assertThat(get("/health")).isEqualTo(404);
    }

    @Test
    void prometheusScrapesTheOpsPortAtTheMetricsPath() throws Exception {
        JsonNode cm = Overlays.named(Overlays.render("production"), "ConfigMap", "quantrac-prometheus");
        JsonNode scrape = KustomizeRenderer.YAML.readTree(cm.at("/data/prometheus-scrape.yaml").asText());
        JsonNode job = scrape.at("/scrape_configs/0");

        assertThat(job.path("metrics_path").asText()).isEqualTo(OpsPaths.METRICS);
        assertThat(job.path("relabel_configs").findValuesAsText("regex")).contains("ops", "quantrac");
    }
}
