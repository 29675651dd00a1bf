package org.quantrac.connectors.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javax.net.SocketFactory;
import org.quantrac.connectors.mqtt.BrokerLink.SubscriptionRefused;
import org.slf4j.Logger;

/**
 * What {@link PahoV3Link} and {@link PahoV5Link} do alike, written once. Paho's MQTT 3.1.1 and MQTT 5 clients share
 * no types (not even their {@code MqttException}), so the links hand their version's calls in as lambdas and keep only
 * what really differs: the options, the callback and the action-listener type.
 *
 * <p>The lambdas may throw only Paho's checked {@code MqttException}; a runtime exception is a programming error and
 * is thrown on, as it was before this code was shared.
 */
final class PahoCalls {

    /** The Paho client before it is created: its constructor throws the version's {@code MqttException}. */
    @FunctionalInterface
    interface Create<C> {
        C create() throws Exception;
    }

    /** An asynchronous Paho call whose action listener completes {@code done}. */
    @FunctionalInterface
    interface Call<T> {
        void start(CompletableFuture<T> done) throws Exception;
    }

    /** A Paho call that is over when it returns. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private PahoCalls() {
    }

    static <C> C client(Create<C> create) {
        try {
            return create.create();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot create the MQTT client: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the call; when Paho refuses to start it, the future fails the way an asynchronous failure would, so that
     * callers handle one path.
     */
    static <T> CompletableFuture<T> call(Call<T> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            call.start(done);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Subscribes through {@code call}, whose future carries the SUBACK's answer per filter (3.1.1: granted QoS, 5:
     * reason codes; in both, 0x80 and above is a refusal) and fails with {@link SubscriptionRefused} on the first one.
     */
    static CompletableFuture<Void> subscribe(List<String> filters, Call<int[]> call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        call(call).whenComplete((codes, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    done.completeExceptionally(new SubscriptionRefused(
                            filters.get(Math.min(i, filters.size() - 1)), codes[i]));
                    return;
                }
            }
            done.complete(null);
        });
        return done;
    }

    /**
     * Sets the connect options both versions take alike through the version's setters: the password only when one is
     * configured, our own TLS trust only when a trust store is configured, keep-alive in seconds, a 10 s connect
     * timeout.
     */
    static void commonOptions(MqttConnectorSettings settings, Consumer<String> username, Consumer<String> password,
                              IntConsumer keepAliveSeconds, IntConsumer connectTimeoutSeconds,
                              Consumer<SocketFactory> socketFactory) {
        username.accept(settings.broker().username());
        if (!settings.broker().password().isEmpty()) {
            password.accept(settings.broker().password());
        }
        keepAliveSeconds.accept((int) settings.keepAlive().toSeconds());
        connectTimeoutSeconds.accept(10);
        if (!settings.broker().trustStore().isEmpty()) {
            socketFactory.accept(MqttTls.socketFactory(settings.broker()));
        }
    }

    /** Only a reconnect is the listener's news: the first connect completes {@link BrokerLink#connect}'s future. */
    static void connectComplete(BrokerLink.Listener listener, boolean reconnect, String serverUri) {
        if (reconnect) {
            listener.reconnected(serverUri);
        }
    }

    /** {@link BrokerLink#ack}: false, not an exception, when Paho cannot acknowledge now (the broker redelivers). */
    static boolean ack(int id, Action ack, Logger log) {
        try {
            ack.run();
            return true;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.debug("cannot acknowledge message {}: {}", id, e.toString());
            return false;
        }
    }

    /**
     * {@link BrokerLink#close}: a polite DISCONNECT when connected, else dropping what is left of the connection, then
     * releasing the client. Failures are only logged: closing happens on the way out and must not stop it.
     */
    static void close(boolean connected, Action disconnect, Action disconnectForcibly, Action release, Logger log) {
        try {
            (connected ? disconnect : disconnectForcibly).run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            release.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }
}
