package org.quantrac.simulator.mqtt;

import java.util.function.ToIntFunction;
import org.quantrac.simulator.mqtt.BrokerClient.ClientException;
import org.quantrac.simulator.mqtt.BrokerClient.Events;

/**
 * What {@link PahoV3Client} and {@link PahoV5Client} do alike, written once. Paho's MQTT 3.1.1 and MQTT 5 clients
 * share no types, not even their checked {@code MqttException}: an instance knows one version's exception class and
 * turns it into a {@link ClientException} (the reason codes are the same numbers in both clients).
 *
 * @param <X> the version's {@code MqttException}
 */
final class PahoCalls<X extends Exception> {

    /** Every simulator publish, and the will, is QoS 1: at least once, the broker's PUBACK tells us it has it. */
    static final int QOS = 1;

    /** A Paho call with a result. */
    @FunctionalInterface
    interface Get<R, X extends Exception> {
        R get() throws X;
    }

    /** A Paho call without one. */
    @FunctionalInterface
    interface Run<X extends Exception> {
        void run() throws X;
    }

    private final Class<X> failure;
    private final ToIntFunction<X> reasonCode;

    PahoCalls(Class<X> failure, ToIntFunction<X> reasonCode) {
        this.failure = failure;
        this.reasonCode = reasonCode;
    }

    <R> R get(Get<R, X> call) throws ClientException {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The call throws nothing checked but X.
            X x = failure.cast(e);
            throw new ClientException(reasonCode.applyAsInt(x), x.getMessage(), x);
        }
    }

    void run(Run<X> call) throws ClientException {
        get(() -> {
            call.run();
            return null;
        });
    }

    /** Only a reconnect is news for {@link Events}: the first connect is reported by the action given to connect. */
    static void connectComplete(Events events, boolean reconnect, String serverUri) {
        if (reconnect) {
            events.reconnected(serverUri);
        }
    }
}
