package org.quantrac.alerting.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alert events to the alerts topic from the {@code alert_event} outbox, oldest first, on one thread: a
 * station's changes keep their order, and an event stored just before a crash is published after the restart (at
 * least once; the event id lets consumers drop a repeat).
 */
public final class AlertPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);
    private static final int BATCH = 500;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AlertStore store;
    private final ScheduledExecutorService executor;

    public AlertPublisher(Producer<byte[], byte[]> producer, String topic, AlertStore store) {
        this.producer = producer;
        this.topic = topic;
        this.store = store;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerting-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Publishes what is pending now and then every second (catching up after an outage of Kafka). */
    public void start() {
        executor.scheduleWithFixedDelay(this::drain, 0, 1, TimeUnit.SECONDS);
    }

    /** New events were stored: publish them now rather than at the next tick. */
    public void nudge() {
        if (!executor.isShutdown()) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            List<AlertEvent> events;
            do {
                events = store.unpublished(BATCH);
                if (events.isEmpty()) {
                    return;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
                for (AlertEvent e : events) {
                    sent.add(producer.send(new ProducerRecord<>(topic,
                            e.alert().stationCode().getBytes(StandardCharsets.UTF_8),
                            AlertRecords.toRecord(e).toByteArray())));
                }
                producer.flush();
                List<Long> ids = new ArrayList<>(events.size());
                for (int i = 0; i < events.size(); i++) {
                    sent.get(i).get(30, TimeUnit.SECONDS);
                    ids.add(events.get(i).id());
                }
                store.markPublished(ids);
            } while (events.size() == BATCH);
        } catch (ExecutionException | TimeoutException | SQLException | RuntimeException e) {
            LOG.warn("Publishing alert events to {} failed, retrying in a second: {}", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
