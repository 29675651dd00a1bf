package org.quantrac.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces records and tells when Kafka has acknowledged them. A record Kafka refuses (broker down, timeout) is sent
 * again with backoff until it is acknowledged or the publisher is closed: the caller's future completes only on
 * acknowledgement, so it can hold back its own acknowledgement (MQTT PUBACK) until then.
 */
public final class KafkaPublisher implements RecordSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final Duration retryBackoff;
    private final ScheduledExecutorService retries;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** True from a refused record until the next acknowledged one. */
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();

    public KafkaPublisher(Producer<byte[], byte[]> producer, Duration retryBackoff) {
        this.producer = producer;
        this.retryBackoff = retryBackoff;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-publisher-retry");
            t.setDaemon(true);
            return t;
        });
    }

    public static KafkaPublisher create(ProducerSettings settings) {
        return new KafkaPublisher(new KafkaProducer<>(settings.producerProperties()), settings.retryBackoff());
    }

    /** Completes when Kafka acknowledged every record; fails only when the publisher is closed first. */
    @Override
    public CompletableFuture<Void> sendAll(List<OutgoingRecord> records) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = send(records.get(i));
        }
        return CompletableFuture.allOf(futures);
    }

    /** Completes when Kafka acknowledged the record; fails only when the publisher is closed first. */
    public CompletableFuture<Void> send(OutgoingRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.incrementAndGet();
        done.whenComplete((v, e) -> pending.decrementAndGet());
        attempt(record, done, retryBackoff);
        return done;
    }

    private void attempt(OutgoingRecord record, CompletableFuture<Void> done, Duration backoff) {
        if (closed.get()) {
            done.completeExceptionally(new CancellationException("publisher closed before Kafka acknowledged"));
            return;
        }
        trySend(record).whenComplete((v, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                retryLater(record, done, backoff);
            }
        });
    }

    private void retryLater(OutgoingRecord record, CompletableFuture<Void> done, Duration backoff) {
        if (closed.get()) {
            done.completeExceptionally(new CancellationException("publisher closed before Kafka acknowledged"));
            return;
        }
        Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        try {
            retries.schedule(() -> attempt(record, done, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.completeExceptionally(new CancellationException("publisher closed before Kafka acknowledged"));
        }
    }

    /** One attempt: completes when Kafka acknowledged the record, fails when it refused it. */
    public CompletableFuture<Void> trySend(OutgoingRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed.get()) {
            done.completeExceptionally(new CancellationException("publisher closed"));
            return done;
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(record.topic(), key, record.value()), (metadata, error) -> {
                if (error == null) {
                    succeeded();
                    done.complete(null);
                } else {
                    failed(record, error);
                    done.completeExceptionally(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(record, e);
            done.completeExceptionally(e);
        }
        return done;
    }

    private void succeeded() {
        if (failing.getAndSet(false)) {
            LOG.info("Kafka acknowledges records again");
        }
    }

    private void failed(OutgoingRecord record, Throwable error) {
        if (!failing.getAndSet(true)) {
            LOG.warn("Kafka did not acknowledge a record for {}: {}", record.topic(), error.toString());
        }
    }

    /** False from a refused record until the next acknowledged one. */
    @Override
    public boolean healthy() {
        return !closed.get() && !failing.get();
    }

    /** Records handed to {@link #send} and not yet acknowledged. */
    public long pending() {
        return pending.get();
    }

    /** Blocks until the broker answers: start means ready. */
    public void awaitConnected(String topic, Duration timeout) {
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> producer.partitionsFor(topic));
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " (topic " + topic
                    + "); is the broker up and kafka.bootstrapServers right?", e);
        }
    }

    /** Flushes what is buffered (up to the timeout), then closes; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            retries.shutdownNow();
            producer.close(Duration.ofSeconds(10));
        }
    }
}
