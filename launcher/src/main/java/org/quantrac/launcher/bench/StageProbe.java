package org.quantrac.launcher.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.quantrac.core.record.v1.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the latency of a fixed-rate run goes, read from the readings topic beside the processor (no consumer group,
 * nothing committed): per observation, measurement time → connector received it (simulator, Mosquitto, Paho) and
 * measurement time → a consumer could read it from Kafka (plus mapping and the producer's acknowledged write). The
 * rest of {@code latency_ms} is the processor's batching and database write. Diagnostics only: the contract figures
 * come from the database.
 */
final class StageProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageProbe.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private long[] received = new long[1 << 16];
    private long[] readable = new long[1 << 16];
    private int count;
    /** Observations measured before this (a warm-up period) are left out. */
    private final long fromMs;

    private StageProbe(String bootstrap, String topic, long fromMs) {
        this.fromMs = fromMs;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "bench-stage-probe");
        thread.setDaemon(true);
    }

    /** @param from observations measured before it are not counted (a warm-up period) */
    static StageProbe start(String bootstrap, String topic, Instant from) {
        StageProbe probe = new StageProbe(bootstrap, topic, from.toEpochMilli());
        probe.thread.start();
        return probe;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    Observation o = Observation.parseFrom(r.value());
                    if (o.getTimeMs() < fromMs) {
                        continue;
                    }
                    add(o.getReceivedMs() - o.getTimeMs(), now - o.getTimeMs());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Exception e) { // NOPMD - diagnostics must never fail the run
            LOG.warn("bench stage probe stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    private synchronized void add(long receivedMs, long readableMs) {
        if (count == received.length) {
            received = Arrays.copyOf(received, count * 2);
            readable = Arrays.copyOf(readable, count * 2);
        }
        received[count] = receivedMs;
        readable[count] = readableMs;
        count++;
    }

    /** {received p50, received p99, readable p50, readable p99} in ms over the middle 80 % of observations. */
    synchronized double[] percentiles() {
        int lo = count / 10;
        int hi = count - count / 10;
        if (hi - lo <= 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] a = Arrays.copyOfRange(received, lo, hi);
        long[] b = Arrays.copyOfRange(readable, lo, hi);
        Arrays.sort(a);
        Arrays.sort(b);
        return new double[] {at(a, 0.5), at(a, 0.99), at(b, 0.5), at(b, 0.99)};
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
