package org.quantrac.launcher.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.quantrac.simulator.engine.DeliveryGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how far the bench's load generator runs ahead of what the processor has stored: the processor group's
 * committed Kafka offsets (committed after each database commit) count the stored records of the run's fresh topic.
 * Without a bound the simulator publishes twice as fast as the pipeline stores and the rest waits in Mosquitto's
 * queue, so the load generator's and the queue's work crowd the publish phase while the last phase, the processor
 * draining Kafka alone, leaves a quarter of the machine idle. Bounded, that work spreads over the whole window; in
 * three pairs of runs the rate was the same within the noise (docs/processor.md, eighth pass), so it is an option.
 */
final class StoredLead implements DeliveryGate, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredLead.class);

    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final long maxLead;
    private final long alreadyStored;
    private final Admin admin;
    private final String group;
    private final Thread poller;
    private volatile long stored;
    private long waits;

    /**
     * @param maxLead       observations the load may be ahead of the stored records
     * @param alreadyStored records on the topic before this load (a warm-up): not part of its progress
     */
    StoredLead(String bootstrap, String group, long maxLead, long alreadyStored) {
        this.maxLead = maxLead;
        this.alreadyStored = alreadyStored;
        this.group = group;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.poller = new Thread(this::poll, "bench-stored-lead");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                stored = offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum()
                        - alreadyStored;
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debug("bench pipeline: reading the processor's committed offsets failed: {}", e.toString());
            }
        }
    }

    @Override
    public void await(long delivered) throws InterruptedException {
        long seen = stored;
        long since = System.nanoTime();
        while (delivered - stored > maxLead) {
            waits++;
            Thread.sleep(2);
            if (stored != seen) {
                seen = stored;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL_NANOS) {
                throw new IllegalStateException("the processor stored nothing for " + STALL_NANOS / 1_000_000_000
                        + " s with " + (delivered - seen) + " observations published and not stored: see its log");
            }
        }
    }

    @Override
    public void close() {
        poller.interrupt();
        admin.close();
        LOG.info("bench pipeline: load held back {} times by the {}-observation lead over stored records", waits,
                maxLead);
    }
}
