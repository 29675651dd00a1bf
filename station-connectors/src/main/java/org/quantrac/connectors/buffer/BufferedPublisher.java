package org.quantrac.connectors.buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quantrac.connectors.kafka.KafkaPublisher;
import org.quantrac.connectors.kafka.OutgoingRecord;
import org.quantrac.connectors.kafka.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward in front of Kafka. While Kafka acknowledges and nothing is buffered, records go straight to Kafka
 * and are safe when Kafka acknowledges them. When Kafka refuses a record, it and every later record go to the
 * {@link DiskBuffer} instead (safe once forced to disk) until a forwarder has drained the buffer, in order, into
 * Kafka. When the buffer is full, {@link #sendAll} does not complete until space frees up: the caller withholds its
 * own acknowledgement (MQTT PUBACK), which is the backpressure; nothing is dropped.
 */
public final class BufferedPublisher implements RecordSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedPublisher.class);
    private static final int BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaPublisher kafka;
    private final DiskBuffer buffer;
    private final Duration retryBackoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final Condition data = lock.newCondition();
    /** Appends one batch at a time, in arrival order; it waits while the buffer is full. */
    private final ExecutorService spooler = Executors.newSingleThreadExecutor(r -> daemon(r, "buffer-spooler"));
    private final Thread forwarder;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger waitingForSpace = new AtomicInteger();
    /** True from Kafka's first refusal until the forwarder found the buffer empty with Kafka acknowledging. */
    private volatile boolean spooling;

    public BufferedPublisher(KafkaPublisher kafka, DiskBuffer buffer, Duration retryBackoff) {
        this.kafka = kafka;
        this.buffer = buffer;
        this.retryBackoff = retryBackoff;
        this.spooling = buffer.records() > 0;
        if (spooling) {
            LOG.info("Buffer holds {} records from before; forwarding them to Kafka first", buffer.records());
        }
        this.forwarder = daemon(this::forward, "buffer-forwarder");
        forwarder.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public CompletableFuture<Void> sendAll(List<OutgoingRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (spooling) {
            return spool(records);
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(records.size());
        for (OutgoingRecord r : records) {
            CompletableFuture<Throwable> f = kafka.trySend(r).handle((v, error) -> error);
            sends.add(f.thenCompose(error -> {
                if (error == null) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                startSpooling();
                return spool(List.of(r));
            }));
        }
        return CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]));
    }

    private void startSpooling() {
        if (!spooling) {
            spooling = true;
            LOG.warn("Kafka refuses records: buffering them on disk until it is back");
        }
    }

    private CompletableFuture<Void> spool(List<OutgoingRecord> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            spooler.execute(() -> append(records, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new CancellationException("buffer closed"));
        }
        return done;
    }

    private void append(List<OutgoingRecord> records, CompletableFuture<Void> done) {
        lock.lock();
        try {
            boolean counted = false;
            while (!buffer.append(records)) {
                if (closed.get()) {
                    done.completeExceptionally(new CancellationException("buffer closed while full"));
                    return;
                }
                if (!counted) {
                    counted = true;
                    waitingForSpace.incrementAndGet();
                    LOG.warn("Buffer full ({} bytes): holding acknowledgements until Kafka takes records",
                            buffer.bytes());
                }
                space.await(1, TimeUnit.SECONDS);
            }
            if (counted) {
                waitingForSpace.decrementAndGet();
            }
            data.signalAll();
            done.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(new CancellationException("buffer closed"));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        } finally {
            lock.unlock();
        }
    }

    private void forward() {
        Duration backoff = retryBackoff;
        while (!closed.get()) {
            List<DiskBuffer.Entry> batch;
            lock.lock();
            try {
                batch = buffer.peek(BATCH);
                if (batch.isEmpty()) {
                    if (spooling && kafka.healthy()) {
                        spooling = false;
                        LOG.info("Buffer drained: records go straight to Kafka again");
                    }
                    data.await(1, TimeUnit.SECONDS);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            int delivered = deliver(batch);
            lock.lock();
            try {
                buffer.commit(batch.subList(0, delivered));
                space.signalAll();
            } finally {
                lock.unlock();
            }
            if (delivered < batch.size()) {
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } else {
                backoff = retryBackoff;
            }
        }
    }

    /** Sends the batch; returns how many records from its start Kafka acknowledged. */
    private int deliver(List<DiskBuffer.Entry> batch) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(batch.size());
        for (DiskBuffer.Entry e : batch) {
            sends.add(kafka.trySend(e.record()));
        }
        int delivered = 0;
        for (CompletableFuture<Void> f : sends) {
            try {
                f.join();
                delivered++;
            } catch (CompletionException | CancellationException e) {
                break;
            }
        }
        return delivered;
    }

    private boolean pause(Duration d) {
        lock.lock();
        try {
            // Woken early only by close.
            space.await(d.toMillis(), TimeUnit.MILLISECONDS);
            return !closed.get();
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean healthy() {
        return kafka.healthy();
    }

    /** Records on disk waiting for Kafka. */
    public long bufferedRecords() {
        lock.lock();
        try {
            return buffer.records();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes on disk waiting for Kafka. */
    public long bufferedBytes() {
        lock.lock();
        try {
            return buffer.bytes();
        } finally {
            lock.unlock();
        }
    }

    /** Batches held back because the buffer is full (backpressure in effect when above 0). */
    public int waitingForSpace() {
        return waitingForSpace.get();
    }

    /** Stops forwarding; what is buffered stays on disk for the next start. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            space.signalAll();
            data.signalAll();
        } finally {
            lock.unlock();
        }
        spooler.shutdown();
        try {
            forwarder.join(10_000);
            spooler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            buffer.close();
        } finally {
            lock.unlock();
        }
    }
}
