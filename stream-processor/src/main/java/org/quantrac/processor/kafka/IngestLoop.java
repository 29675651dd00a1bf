package org.quantrac.processor.kafka;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.quantrac.processor.sink.OffsetStore;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.processor.sink.ReadingSink;
import org.quantrac.processor.sink.SinkMetrics;
import org.quantrac.processor.sink.SinkResult;
import org.quantrac.processor.sink.SourceOffset;
import org.quantrac.processor.sink.TransientRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: poll, decode into a batch, write the batch when it is full or has lingered, then tell Kafka.
 *
 * <p>Positions come from the database: on assignment each partition is sought to the {@code ingest_offset} row written
 * with the last stored batch (the beginning when there is none). The Kafka commit after each database commit only makes
 * consumer lag visible to ordinary tools; it is never read back.
 *
 * <p>While a batch is retried the loop does not poll: fetching stops by itself, the background heartbeat keeps the
 * membership, and {@code max.poll.interval.ms} is set above the retry deadline by the wiring.
 */
public final class IngestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final ObservationDecoder decoder;
    private final ReadingSink sink;
    private final OffsetStore offsets;
    private final DataSource dataSource;
    private final SinkMetrics metrics;
    private final TransientRetry retry;
    private final int batchSize;
    private final long lingerNanos;
    private final ReadingBatch batch;
    /** Runs on the loop's thread after a non-empty assignment was sought (e.g. a latest-values refresh request). */
    private final Runnable onAssigned;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile Throwable failure;

    public IngestLoop(Consumer<byte[], byte[]> consumer, String topic, ObservationDecoder decoder, ReadingSink sink,
                      OffsetStore offsets, DataSource dataSource, SinkMetrics metrics, TransientRetry retry,
                      int batchSize, Duration linger, Runnable onAssigned) {
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = decoder;
        this.sink = sink;
        this.offsets = offsets;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.retry = retry;
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
        this.batch = new ReadingBatch(Math.min(batchSize, 1 << 20) + 1024);
        this.onAssigned = onAssigned;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new StoredOffsetListener());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
                lastPollNanos = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    decoder.decode(r.value(), batch);
                    batch.consumed(r.topic(), r.partition(), r.offset());
                }
                if (!batch.isEmpty() && (batch.size() >= batchSize
                        || System.nanoTime() - batch.startedNanos() >= lingerNanos)) {
                    flush();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // NOPMD - anything escaping the loop must end the process, not a silent thread
            failure = e;
            LOG.error("Stream processor stopped [topic: {}]: {}", topic, e.toString(), e);
        } finally {
            finish();
        }
    }

    private Duration pollTimeout() {
        if (batch.isEmpty()) {
            return IDLE_POLL;
        }
        long left = lingerNanos - (System.nanoTime() - batch.startedNanos());
        return Duration.ofNanos(Math.max(0, left));
    }

    /** Writes the pending batch (retrying transient errors) and then tells Kafka, for lag monitoring only. */
    private void flush() throws SQLException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        int rows = batch.size();
        long start = System.nanoTime();
        SinkResult result = retry.run("writing a batch of " + rows + " readings", () -> sink.write(batch));
        metrics.committed(result, rows, System.nanoTime() - start);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (SourceOffset o : batch.nextOffsets()) {
            commit.put(new TopicPartition(o.topic(), o.partition()), new OffsetAndMetadata(o.offset()));
        }
        batch.clear();
        consumer.commitAsync(commit, (committed, e) -> {
            if (e != null) {
                LOG.debug("Kafka offset commit (lag visibility only) failed: {}", e.toString());
            }
        });
    }

    private void finish() {
        try {
            if (failure == null && !batch.isEmpty()) {
                // One attempt: a stopping process must not wait out a database outage; unstored rows are re-read.
                SinkResult result = sink.write(batch);
                metrics.committed(result, batch.size(), 0);
                batch.clear();
            }
        } catch (SQLException e) {
            LOG.warn("Could not store the last batch while stopping ({}); it will be read again at the next start",
                    e.getMessage());
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.debug("Closing the consumer failed: {}", e.toString());
            }
            assigned.countDown();
            LOG.info("Stream processor consumer closed [topic: {}]", topic);
        }
    }

    /** Asks the loop to stop; it stores its pending batch first. Safe from any thread. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Waits for the first partition assignment (possibly empty, when there are more processors than partitions). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && failure == null && running;
    }

    /** Whether the loop polled within the given time (it does not poll while it retries a database error). */
    public boolean polledWithin(Duration d) {
        return running && failure == null && System.nanoTime() - lastPollNanos <= d.toNanos();
    }

    /** Why the loop stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    /** Runs inside {@code poll} on the loop's thread. */
    private final class StoredOffsetListener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Store what was read from them before a new owner starts from the stored offsets.
            try {
                flush();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store the pending batch before giving up partitions "
                        + partitions + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing the pending batch", e);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: drop what was read; whoever owns them re-reads from the database.
            if (!partitions.isEmpty()) {
                LOG.warn("Lost {} partitions of [topic: {}] (the group moved on without this consumer); dropping {} "
                        + "unstored readings, their new owner reads them again from the stored offsets",
                        partitions.size(), topic, batch.size());
            }
            batch.clear();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Map<Integer, Long> stored;
                try {
                    stored = retry.run("reading stored offsets", () -> {
                        try (Connection c = dataSource.getConnection()) {
                            return offsets.read(c, topic);
                        }
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot read the stored offsets of " + topic + " from the "
                            + "database: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading stored offsets", e);
                }
                List<TopicPartition> fresh = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    Long next = stored.get(tp.partition());
                    if (next == null) {
                        fresh.add(tp);
                    } else {
                        consumer.seek(tp, next);
                    }
                }
                if (!fresh.isEmpty()) {
                    consumer.seekToBeginning(fresh);
                }
                LOG.info("Assigned {} partitions of [topic: {}]: {} resume from stored offsets, {} from the beginning",
                        partitions.size(), topic, partitions.size() - fresh.size(), fresh.size());
                onAssigned.run();
            }
            assigned.countDown();
        }
    }
}
