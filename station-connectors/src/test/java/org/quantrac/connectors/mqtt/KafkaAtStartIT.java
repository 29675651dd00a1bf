package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TcpProxy;
import org.quantrac.core.testing.TestServices;

/**
 * Start means ready, also when Kafka is not there yet: start waits up to {@code connectors.kafka.startWait} with
 * {@code /health/live} 200 and {@code /health/ready} 503, then either carries on once Kafka answers (here: the real
 * broker becomes reachable through a forwarder opened mid-wait) or fails with a message for the operator.
 */
class KafkaAtStartIT {

    final ConnectorFixture fixture = new ConnectorFixture();
    final HttpClient http = HttpClient.newHttpClient();
    ConnectorsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    ConnectorsConfig config(int kafkaPort, int opsPort, String startWait) {
        Map<String, String> keys = fixture.keys();
        keys.put("kafka.bootstrapServers", "127.0.0.1:" + kafkaPort);
        keys.put("connectors.ops.port", Integer.toString(opsPort));
        keys.put("connectors.kafka.startWait", startWait);
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig config = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return config;
    }

    int status(int opsPort, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    @SuppressWarnings("try") // the forwarder is never called: its scope is the time Kafka is reachable
    void kafkaThatComesUpDuringTheWaitIsUsed() throws Exception {
        int kafkaPort = TcpProxy.freePort();
        int opsPort = TcpProxy.freePort();
        ConnectorsConfig config = config(kafkaPort, opsPort, "90s");
        CompletableFuture<ConnectorsApp> starting = CompletableFuture.supplyAsync(
                () -> ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(opsPort, "/health/live") == 200);
        assertThat(status(opsPort, "/health/ready")).as("not ready while Kafka is away").isEqualTo(503);
        assertThat(starting).isNotDone();

        String[] real = TestServices.kafka().split(":");
        try (TcpProxy kafka = new TcpProxy(kafkaPort, real[0], Integer.parseInt(real[1]))) {
            app = starting.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(opsPort, "/health/ready") == 200);

            Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES)
                    .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
                    .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
            try (StationClient station = new StationClient("QN-AQ-06", TestServices.unique("aq06"));
                 TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
                assertThat(station.publish("stations/QN-AQ-06/data", "{\"time\":\"" + t.atOffset(ZoneOffset.UTC)
                        + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":42}]}")).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> readings.poll().stream()
                        .filter(r -> "QN-AQ-06".equals(r.key())).map(r -> parse(r.value()))
                        .anyMatch(o -> o.getTimeMs() == t.toEpochMilli() && o.getMeasurements(0).getValue() == 42));
            }
        }
    }

    @Test
    void kafkaThatNeverAnswersFailsTheStartAfterTheWaitWithAClearMessage() throws Exception {
        int kafkaPort = TcpProxy.freePort();
        int opsPort = TcpProxy.freePort();
        ConnectorsConfig config = config(kafkaPort, opsPort, "5s");
        long t0 = System.nanoTime();
        CompletableFuture<ConnectorsApp> starting = CompletableFuture.supplyAsync(
                () -> ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(opsPort, "/health/live") == 200 || starting.isDone());
        assertThat(status(opsPort, "/health/ready")).isEqualTo(503);

        Throwable error = null;
        try {
            app = starting.get();
        } catch (ExecutionException e) {
            error = e.getCause();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("waited first").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(error).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka at 127.0.0.1:" + kafkaPort + " did not answer within 5 s")
                .hasMessageContaining("connectors.kafka.startWait")
                .hasMessageContaining("is kafka.bootstrapServers right?");
        assertThat(status(opsPort, "/health/live")).as("everything closed after the failed start").isEqualTo(-1);
    }

    private static Observation parse(byte[] value) {
        try {
            return Observation.parseFrom(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
