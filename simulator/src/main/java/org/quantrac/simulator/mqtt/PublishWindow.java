package org.quantrac.simulator.mqtt;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.quantrac.simulator.engine.DeliveryException;
import org.quantrac.simulator.mqtt.BrokerClient.ClientException;

/**
 * The QoS 1 publishes of one connection: at most {@code window} in flight (below the broker's receive maximum),
 * each completing only on a successful PUBACK. A publish the client could not start ({@code 32202 too many
 * publishes in progress}, not connected), whose token failed, whose connection went, or that got no answer for the
 * publish timeout is sent again until its deadline; sending twice is harmless, losing is not. A PUBACK with an
 * error reason code (MQTT 5; e.g. 135, not authorised by the ACL) fails at once: retrying cannot help.
 */
final class PublishWindow {

    private final LinkSettings settings;
    private final BrokerClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock wall;
    private final BooleanSupplier closed;
    private final BooleanSupplier dropped;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Set<Attempt> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong retries = new AtomicLong();
    /** A pump is scheduled and has not started yet: finishing publishes need not schedule another. */
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private int inFlight;

    private record Pending(String topic, byte[] payload, boolean retained, long deadlineMillis,
                           CompletableFuture<Void> result) {
    }

    /**
     * One try at publishing a message. Settled exactly once — by Paho's callback, by the sweep of attempts stuck past
     * the publish timeout, or by a lost connection — because Paho (clean start, in-memory persistence) may never
     * complete the token of a QoS 1 message that was in flight when the connection went.
     */
    private final class Attempt {
        final Pending pending;
        final long startedMillis = wall.millis();
        private final AtomicBoolean settled = new AtomicBoolean();

        Attempt(Pending pending) {
            this.pending = pending;
        }

        boolean settle() {
            outstanding.remove(this);
            return settled.compareAndSet(false, true);
        }
    }

    /**
     * @param closed  the link is closed: fail instead of retrying
     * @param dropped the link is down on purpose (outage fault): retry without a deadline until it is back
     */
    PublishWindow(LinkSettings settings, BrokerClient client, ScheduledExecutorService scheduler, Clock wall,
                  BooleanSupplier closed, BooleanSupplier dropped) {
        this.settings = settings;
        this.client = client;
        this.scheduler = scheduler;
        this.wall = wall;
        this.closed = closed;
        this.dropped = dropped;
    }

    long retries() {
        return retries.get();
    }

    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closed.getAsBoolean()) {
            result.completeExceptionally(closedFailure());
            return result;
        }
        synchronized (this) {
            queue.addLast(new Pending(topic, payload, retained, wall.millis() + settings.publishTimeout().toMillis(),
                    result));
        }
        pump();
        return result;
    }

    void pump() {
        while (true) {
            Pending p;
            synchronized (this) {
                if (inFlight >= settings.window() || queue.isEmpty()) {
                    return;
                }
                p = queue.pollFirst();
                inFlight++;
            }
            start(p);
        }
    }

    private void start(Pending p) {
        if (closed.getAsBoolean()) {
            finish(p, false, closedFailure());
            return;
        }
        Attempt a = new Attempt(p);
        outstanding.add(a);
        try {
            client.publish(p.topic(), p.payload(), p.retained(), new BrokerClient.Delivery() {
                @Override
                public void onAck(int reasonCode) {
                    if (!a.settle()) {
                        return;
                    }
                    if (reasonCode >= 0x80) {
                        finish(p, false, new DeliveryException("PUBACK_" + reasonCode, "[mqtt: " + settings.name()
                                + "] broker refused " + p.topic() + " with reason code " + reasonCode
                                + (reasonCode == 135 ? " (not authorised: check the ACL and the user name)" : ""),
                                null));
                    } else {
                        finish(p, client.publishesFromCallbacks(), null);
                    }
                }

                @Override
                public void onFailure(Throwable e) {
                    if (a.settle()) {
                        retryLater(p, 200, e);
                    }
                }
            });
        } catch (ClientException e) {
            if (!a.settle()) {
                return;
            }
            int code = e.reasonCode();
            if (code == ClientException.MAX_INFLIGHT) {
                retryLater(p, 5, e);
            } else if (code == ClientException.NOT_CONNECTED || code == ClientException.CONNECTION_LOST
                    || code == ClientException.CONNECT_IN_PROGRESS || code == ClientException.DISCONNECTING) {
                retryLater(p, 250, e);
            } else {
                finish(p, false, new DeliveryException("PUBLISH_" + code, "[mqtt: " + settings.name()
                        + "] cannot publish to " + p.topic() + ": " + e.getMessage(), e));
            }
        }
    }

    /** Sends again what was in flight when the connection went. */
    void resendOutstanding(String why) {
        for (Attempt a : List.copyOf(outstanding)) {
            if (a.settle()) {
                retryLater(a.pending, 250, new IllegalStateException(why));
            }
        }
    }

    /** Attempts without an answer for the publish timeout are tried again (or fail at their deadline). */
    void sweep() {
        long limit = wall.millis() - settings.publishTimeout().toMillis();
        for (Attempt a : List.copyOf(outstanding)) {
            if (a.startedMillis < limit && a.settle()) {
                retryLater(a.pending, 0, new IllegalStateException("no PUBACK within " + settings.publishTimeout()));
            }
        }
    }

    private void retryLater(Pending p, long delayMillis, Throwable cause) {
        synchronized (this) {
            inFlight--;
        }
        boolean isClosed = closed.getAsBoolean();
        if (isClosed || (!dropped.getAsBoolean() && wall.millis() + delayMillis > p.deadlineMillis())) {
            p.result().completeExceptionally(new DeliveryException(isClosed ? "CLOSED" : "TIMEOUT", "[mqtt: "
                    + settings.name() + "] gave up publishing to " + p.topic() + " after " + settings.publishTimeout()
                    + ": " + cause.getMessage(), cause));
            schedulePump();
            return;
        }
        retries.incrementAndGet();
        scheduler.schedule(() -> {
            synchronized (this) {
                queue.addFirst(p);
            }
            pump();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** @param pumpHere start the next publish on this thread (a client callback that may publish, see there) */
    private void finish(Pending p, boolean pumpHere, DeliveryException failure) {
        synchronized (this) {
            inFlight--;
        }
        if (failure == null) {
            p.result().complete(null);
        } else {
            p.result().completeExceptionally(failure);
        }
        if (pumpHere) {
            pump();
        } else {
            schedulePump();
        }
    }

    /**
     * Not on Paho's callback thread: starting the next publish there can stall its delivery loop. One scheduled pump
     * serves every publish finished before it starts (a hand-over to the scheduler per PUBACK showed in the load
     * generator's profile); it reads {@code inFlight} after clearing the flag, so no finish goes unseen.
     */
    private void schedulePump() {
        if (pumpScheduled.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    /** Fails everything not yet started (the link is closing). */
    void failQueued() {
        Deque<Pending> left;
        synchronized (this) {
            left = new ArrayDeque<>(queue);
            queue.clear();
        }
        for (Pending p : left) {
            p.result().completeExceptionally(new DeliveryException("CLOSED", "[mqtt: " + settings.name()
                    + "] closed before the message was sent", null));
        }
        resendOutstanding("closed");
    }

    private DeliveryException closedFailure() {
        return new DeliveryException("CLOSED", "[mqtt: " + settings.name() + "] link closed", null);
    }
}
