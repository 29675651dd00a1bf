package org.quantrac.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated present, shared by the test (which moves it) and alerting (which reads it): alerting's offline timer
 * then runs on simulated time. Reads by alerting's evaluation thread are counted, so the test knows when the loop has
 * started a step at the new time (and so has run its offline check with it) before it sends more data.
 */
final class SimulatedTime extends Clock {

    private final String loopThread;
    private volatile Instant now;
    private final AtomicLong loopReads = new AtomicLong();

    /** @param loopThread the name of alerting's evaluation thread ({@code alerting-<topic>}) */
    SimulatedTime(Instant start, String loopThread) {
        this.now = start;
        this.loopThread = loopThread;
    }

    /** Moves the present to {@code t} and waits until the evaluation loop has begun a step at that time. */
    void advanceTo(Instant t, Duration timeout) throws InterruptedException {
        long before = loopReads.get();
        now = t;
        long deadline = System.nanoTime() + timeout.toNanos();
        // Two reads: the first may end a step begun before the move (it reads the clock again after storing); the
        // second is then a step's start, whose offline check uses t.
        while (loopReads.get() < before + 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("alerting's loop did not read the clock within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public Instant instant() {
        if (Thread.currentThread().getName().equals(loopThread)) {
            loopReads.incrementAndGet();
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("simulated time is UTC");
    }
}
