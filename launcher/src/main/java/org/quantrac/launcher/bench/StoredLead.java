package org.quantrac.launcher.bench;

import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.quantrac.simulator.engine.DeliveryGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how far the bench's load generator runs ahead of what the processor has stored, read where the processor
 * records it: the offsets it stores with every batch in {@code ingest_offset} (the run's topic is fresh, so their sum
 * counts the stored records; the bench's drain reads the same). Without a bound the simulator publishes twice as fast
 * as the pipeline stores and the rest waits in Mosquitto's queue, so the load generator's and the queue's work crowd
 * the publish phase while the last phase, the processor draining Kafka alone, leaves a quarter of the machine idle.
 * Bounded, that work spreads over the whole window; in three pairs of runs the rate was the same within the noise
 * (docs/processor.md, eighth pass), so it is an option.
 */
final class StoredLead implements DeliveryGate, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredLead.class);
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final long maxLead;
    private final long alreadyStored;
    private final Map<String, String> db;
    private final String schema;
    private final String group;
    private final Thread poller;
    private volatile long stored;
    private long waits;

    /**
     * @param db            the database settings ({@code db.url}, {@code db.user}, {@code db.password})
     * @param maxLead       observations the load may be ahead of the stored records
     * @param alreadyStored records on the topic before this load (a warm-up): not part of its progress
     */
    StoredLead(Map<String, String> db, String schema, String group, long maxLead, long alreadyStored) {
        this.db = db;
        this.schema = schema;
        this.group = group;
        this.maxLead = maxLead;
        this.alreadyStored = alreadyStored;
        this.poller = new Thread(this::poll, "bench-stored-lead");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try (Connection c = PipelineBench.connect(db)) {
                while (!Thread.currentThread().isInterrupted()) {
                    stored = PipelineBench.storedRecords(c, schema, group) - alreadyStored;
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the stall check in await() turns a lasting failure into a clear error
                LOG.debug("bench pipeline: reading the processor's stored offsets failed: {}", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException stop) {
                    return;
                }
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
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("bench pipeline: load held back {} times by the {}-observation lead over stored records", waits,
                maxLead);
    }
}
