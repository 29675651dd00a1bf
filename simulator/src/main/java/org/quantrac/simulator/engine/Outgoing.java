package org.quantrac.simulator.engine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.quantrac.simulator.signal.Observation;

/**
 * One thing a station does on the wire: normally send its observation as measured, but station behaviour may delay,
 * duplicate, alter or corrupt it, or change the station's connectivity.
 *
 * @param observation the observation concerned (what the ground truth records when a counted delivery succeeds)
 * @param delivery    how it is done (normally {@code sink.send(observation)})
 * @param accounting  how the ground truth counts it
 */
public record Outgoing(Observation observation, Function<ObservationSink, CompletableFuture<Void>> delivery,
                       Accounting accounting) {

    /** How the ground truth counts a delivery. */
    public enum Accounting {
        /** Readings the pipeline should store: counted as sent, or as failed. */
        COUNTED,
        /** Delivered on purpose but not new readings (a duplicate, a malformed payload): not counted. */
        UNCOUNTED,
        /** Not data: a connectivity change. */
        CONTROL
    }

    public Outgoing {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(accounting, "accounting");
    }

    /** The plain case: send the observation as it is. */
    public static Outgoing of(Observation o) {
        return new Outgoing(o, new Send(o), Accounting.COUNTED);
    }

    /** Sent again: the pipeline must not store it twice. */
    public static Outgoing duplicate(Observation o) {
        return new Outgoing(o, new Send(o), Accounting.UNCOUNTED);
    }

    /** The delivery of a plain send, told apart from the others so that {@link #preparedFor} can do it ahead. */
    private record Send(Observation o) implements Function<ObservationSink, CompletableFuture<Void>> {
        @Override
        public CompletableFuture<Void> apply(ObservationSink sink) {
            return sink.send(o);
        }
    }

    /**
     * This delivery with the sink's work before the wire done now ({@link ObservationSink#prepare}); only a plain
     * send has such work, anything else is returned as it is. The prepared delivery goes to {@code sink} whichever
     * sink it is later given, so it must be the one the observation's station is delivered to.
     */
    Outgoing preparedFor(ObservationSink sink) {
        if (!(delivery instanceof Send)) {
            return this;
        }
        Supplier<CompletableFuture<Void>> send = sink.prepare(observation);
        return new Outgoing(observation, ignored -> send.get(), accounting);
    }

    /** A corrupted payload for the observation: the pipeline must reject it (dead-letter queue). */
    public static Outgoing malformed(Observation o) {
        return new Outgoing(o, sink -> sink.sendMalformed(o), Accounting.UNCOUNTED);
    }

    /** The station's link goes down (abruptly) or comes back. */
    public static Outgoing connectivity(Observation o, boolean online) {
        return new Outgoing(o, sink -> sink.connectivity(o.station(), online), Accounting.CONTROL);
    }

    /** The server behind the station stops or starts again. */
    public static Outgoing serverAvailability(Observation o, boolean up) {
        return new Outgoing(o, sink -> sink.serverAvailability(up), Accounting.CONTROL);
    }

    CompletableFuture<Void> send(ObservationSink sink) {
        return delivery.apply(sink);
    }
}
