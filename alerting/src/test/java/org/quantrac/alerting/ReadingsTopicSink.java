package org.quantrac.alerting;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.quantrac.core.record.RecordMapping;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.simulator.engine.ObservationSink;

/**
 * The simulator's observations straight onto a readings topic, as the station connectors write them (docs/
 * record-format.md): key = station code, value = one {@code Observation} of all values of the instant, canonical
 * units (the simulator already measures in them), status 00/01/02 mapped as the connectors map it, source
 * {@code SIMULATOR_DIRECT}. A delivery completes when Kafka has acknowledged the record ({@code acks=all}).
 */
final class ReadingsTopicSink implements ObservationSink {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();

    ReadingsTopicSink(KafkaProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Void> send(org.quantrac.simulator.signal.Observation o) {
        long now = System.currentTimeMillis();
        Observation.Builder b = Observation.newBuilder().setStationId(o.station().id())
                .setTimeMs(o.time().toEpochMilli()).setSource(Source.SIMULATOR_DIRECT).setReceivedMs(now)
                .setSourceRef("simulator");
        for (org.quantrac.simulator.signal.Measurement m : o.values()) {
            b.addMeasurements(Measurement.newBuilder().setParameterId(m.parameter().id()).setValue(m.value())
                    .setStatus(RecordMapping.toRecord(m.status())));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, o.station().code(), b.build().toByteArray()), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Records acknowledged by Kafka so far. */
    long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        // the producer belongs to the test
    }
}
