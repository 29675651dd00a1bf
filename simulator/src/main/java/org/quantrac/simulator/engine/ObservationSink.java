package org.quantrac.simulator.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.signal.Observation;

/**
 * Where observations go: an MQTT broker, the TT10 landing folder or the OPC UA server. The future completes when the
 * receiver has the observation (PUBACK, file moved into place, value served) or fails with a
 * {@link DeliveryException} after the sink's own retries.
 */
public interface ObservationSink extends AutoCloseable {

    CompletableFuture<Void> send(Observation observation);

    /**
     * Does now what sending the observation needs before it goes on the wire (encoding its payload) and returns the
     * send itself, for a load generator that prepares a period before it delivers it. By default nothing is done
     * ahead: the returned send is {@link #send}.
     */
    default Supplier<CompletableFuture<Void>> prepare(Observation observation) {
        return () -> send(observation);
    }

    /** Delivers a corrupted form of the observation (fault injection); unsupported by default. */
    default CompletableFuture<Void> sendMalformed(Observation observation) {
        return CompletableFuture.failedFuture(new DeliveryException("UNSUPPORTED", getClass().getSimpleName()
                + " cannot send malformed payloads", null));
    }

    /** Takes the station's link down abruptly or brings it back; nothing to do by default (files). */
    default CompletableFuture<Void> connectivity(Station station, boolean online) {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops (down = false) or starts again the server the stations are reached through (OPC UA restart fault). */
    default CompletableFuture<Void> serverAvailability(boolean up) {
        return CompletableFuture.completedFuture(null);
    }

    /** Sends whatever the sink holds back (observations packed into one message); nothing by default. */
    default void flush() {
    }

    /** Stops cleanly: stations announce they go offline where the protocol has a notion of it. */
    @Override
    void close();
}
