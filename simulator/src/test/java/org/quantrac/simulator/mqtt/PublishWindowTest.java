package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.simulator.engine.DeliveryException;

/** A publish that cannot be delivered ends as a counted failure, never as a future that hangs. */
class PublishWindowTest {

    private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    private static LinkSettings settings(MqttProtocol protocol) {
        return new LinkSettings("QN-AQ-01", "tcp://127.0.0.1:1", "test-window", "QN-AQ-01", "x", Optional.empty(), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(1), protocol);
    }

    private BrokerClients clients;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (clients != null) {
            clients.close();
        }
    }

    /** A client of the library that never connects (nothing listens on port 1). */
    private BrokerClient client(MqttClientLibrary library, LinkSettings settings) throws Exception {
        clients = new BrokerClients(library);
        return clients.create(settings);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"PAHO, V5", "PAHO, V3_1_1", "VERTX, V3_1_1"})
    void aPublishThatNeverGetsThroughFailsAtItsDeadlineAfterRetrying(MqttClientLibrary library, MqttProtocol protocol)
            throws Exception {
        LinkSettings settings = settings(protocol);
        BrokerClient neverConnected = client(library, settings);
        PublishWindow window = new PublishWindow(settings, neverConnected, scheduler, Clock.systemUTC(),
                () -> false, () -> false);
        CompletableFuture<Void> f = window.publish("stations/QN-AQ-01/data", new byte[] {1}, false);
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).reason()).isEqualTo("TIMEOUT"));
        assertThat(window.retries()).isPositive();
        neverConnected.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"PAHO, V5", "PAHO, V3_1_1", "VERTX, V3_1_1"})
    void aClosedLinkFailsAtOnceAndFailsWhatIsQueued(MqttClientLibrary library, MqttProtocol protocol)
            throws Exception {
        LinkSettings settings = settings(protocol);
        BrokerClient client = client(library, settings);
        boolean[] closed = {false};
        PublishWindow window = new PublishWindow(settings, client, scheduler, Clock.systemUTC(), () -> closed[0],
                () -> true);
        CompletableFuture<Void> queued = window.publish("stations/QN-AQ-01/data", new byte[] {1}, false);
        closed[0] = true;
        window.failQueued();
        assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).reason()).isEqualTo("CLOSED"));
        CompletableFuture<Void> late = window.publish("stations/QN-AQ-01/data", new byte[] {1}, false);
        assertThat(late).isCompletedExceptionally();
        client.close();
    }
}
