package org.quantrac.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.config.ConnectorTopics;
import org.quantrac.connectors.ingest.ConnectorMetrics;
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.ingest.StationHealth;
import org.quantrac.connectors.kafka.KafkaPublisher;
import org.quantrac.connectors.kafka.ProducerSettings;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.connectors.mapper.IngestRules;
import org.quantrac.connectors.mapper.OpcUaValueMapper;
import org.quantrac.connectors.mapper.PayloadMapper;
import org.quantrac.connectors.mapper.StationStateMapper;
import org.quantrac.connectors.testing.TestOpcUaServer;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/** While the connector holds back, the server is asked to stop publishing; on release, what it sampled arrives. */
class OpcUaBackpressureIT {

    @Test
    void holdingBackPausesTheServersPublishingAndNothingSampledMeanwhileIsLost() throws Exception {
        StationCatalog catalog = StationCatalog.builtIn();
        ConnectorTopics topics = new ConnectorTopics(TestServices.unique("it_readings"), TestServices.unique("it_dlq"),
                TestServices.unique("it_events"));
        TopicSetup.ensure(TestServices.kafka(), topics.all(), 1, (short) 1);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicBoolean hold = new AtomicBoolean();
        Instant paused = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        Vertx vertx = Vertx.vertx();
        try (TestOpcUaServer server = new TestOpcUaServer(port, List.of("Dust"));
             KafkaPublisher kafka = KafkaPublisher.create(new ProducerSettings(TestServices.kafka(),
                     TestServices.unique("opcua"), Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(10),
                     Duration.ofSeconds(30)));
             TopicReader readings = new TopicReader(TestServices.kafka(), topics.readings())) {
            PrometheusMeterRegistry registry = OpsServer.newRegistry();
            Ingestor ingestor = new Ingestor(new PayloadMapper(catalog, IngestRules.defaults(), Clock.systemUTC()),
                    new StationStateMapper(catalog, Clock.systemUTC(), "it"), kafka, topics,
                    new ConnectorMetrics(registry), new StationHealth(Clock.systemUTC(), "it"), "it");
            OpcUaStationMapping mapping = new OpcUaStationMapping("QN-ST-01", server.endpoint(), Duration.ofMillis(100),
                    Optional.empty(), List.of(new OpcUaStationMapping.NodeMapping(TestOpcUaServer.nodeId("Dust"),
                    "Dust", "")));
            OpcUaConnectorVerticle verticle = new OpcUaConnectorVerticle(List.of(mapping),
                    new OpcUaValueMapper(catalog, IngestRules.defaults(), Clock.systemUTC()), ingestor,
                    Duration.ofSeconds(30), hold::get, null);
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(verticle.connected()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> publishing(server).equals(List.of(true)));

            hold.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> publishing(server).equals(List.of(false)));
            assertThat(verticle.paused()).isTrue();
            server.set("Dust", 42.0, paused);

            hold.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> publishing(server).equals(List.of(true)));
            await().atMost(Duration.ofSeconds(30)).until(() -> readings.poll().stream().anyMatch(r -> {
                Observation o = parse(r.value());
                return o.getTimeMs() == paused.toEpochMilli() && o.getMeasurements(0).getValue() == 42.0;
            }));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Publishing state of every subscription the server holds, as the server sees it. */
    private static List<Boolean> publishing(TestOpcUaServer server) {
        return server.subscriptions().stream().map(Subscription::isPublishingEnabled).toList();
    }

    private static Observation parse(byte[] value) {
        try {
            return Observation.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
