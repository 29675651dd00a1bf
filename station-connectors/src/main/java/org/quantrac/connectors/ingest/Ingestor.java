package org.quantrac.connectors.ingest;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.quantrac.connectors.config.ConnectorTopics;
import org.quantrac.connectors.kafka.OutgoingRecord;
import org.quantrac.connectors.kafka.RecordSink;
import org.quantrac.connectors.mapper.MappingResult;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.quantrac.connectors.mapper.PayloadMapper;
import org.quantrac.connectors.mapper.Rejection;
import org.quantrac.connectors.mapper.StationStateMapper;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.StationEvent;

/**
 * From a station's raw message to acknowledged Kafka records, whatever the transport: valid observations to the
 * readings topic, each rejection to the dead-letter topic with the raw payload. The returned future completes once
 * Kafka acknowledged all of them, which is when the transport may acknowledge the message.
 */
public final class Ingestor {

    private final PayloadMapper mapper;
    private final StationStateMapper stateMapper;
    private final RecordSink publisher;
    private final ConnectorTopics topics;
    private final ConnectorMetrics metrics;
    private final String connector;
    private final StationHealth health;

    /** @param connector this connector instance's name, recorded in dead letters */
    public Ingestor(PayloadMapper mapper, StationStateMapper stateMapper, RecordSink publisher,
                    ConnectorTopics topics, ConnectorMetrics metrics, StationHealth health, String connector) {
        this.mapper = mapper;
        this.stateMapper = stateMapper;
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
        this.connector = connector;
        this.health = health;
    }

    /** Maps, validates and produces one message; never throws on bad input. */
    public CompletableFuture<MappingResult> ingest(String stationCode, PayloadFormat format, byte[] payload,
                                                   String sourceRef) {
        MappingResult result = mapper.map(stationCode, format, payload, sourceRef);
        health.seen(stationCode, result.rejections().size());
        List<OutgoingRecord> records = records(result, payload, sourceRef, topics, connector);
        return publisher.sendAll(records).thenApply(v -> {
            metrics.handled(format, result.acceptedValues());
            result.rejections().forEach(r -> metrics.rejected(r.reason()));
            return result;
        });
    }

    /** Produces what another mapper (OPC UA) made of some input; the payload is kept for dead letters. */
    public CompletableFuture<MappingResult> ingestMapped(MappingResult result, PayloadFormat format, byte[] payload,
                                                         String sourceRef) {
        health.seen(result.stationCode(), result.rejections().size());
        return publisher.sendAll(records(result, payload, sourceRef, topics, connector)).thenApply(v -> {
            metrics.handled(format, result.acceptedValues());
            result.rejections().forEach(r -> metrics.rejected(r.reason()));
            return result;
        });
    }

    /** A connectivity event of a station the connector itself observes (OPC UA session state). */
    public CompletableFuture<Void> stationEvent(String stationCode, StationEvent.Kind kind, String detail) {
        StationEvent e = StationEvent.newBuilder().setStationCode(stationCode).setKind(kind)
                .setTimeMs(System.currentTimeMillis()).setDetail(detail).setConnector(connector).build();
        return publisher.sendAll(List.of(new OutgoingRecord(topics.stationEvents(), stationCode, e.toByteArray())))
                .thenRun(metrics::stationEvent);
    }

    /** Writes a HEALTH event per station heard from since the last call (called once per health interval). */
    public CompletableFuture<Void> reportHealth() {
        List<OutgoingRecord> records = new ArrayList<>();
        for (StationEvent e : health.report()) {
            records.add(new OutgoingRecord(topics.stationEvents(), e.getStationCode(), e.toByteArray()));
        }
        return publisher.sendAll(records).thenRun(() -> records.forEach(r -> metrics.stationEvent()));
    }

    /** Input rejected before mapping (e.g. a file whose name tells no station) as a dead letter. */
    public CompletableFuture<Void> reject(String stationCode, Rejection rejection, byte[] payload, String sourceRef) {
        return publisher.sendAll(List.of(deadLetter(stationCode, rejection, payload, sourceRef,
                System.currentTimeMillis(), topics, connector))).thenRun(() -> metrics.rejected(rejection.reason()));
    }

    /** A {@code stations/{code}/state} message as a station event (or a dead letter). */
    public CompletableFuture<Void> stationState(String stationCode, byte[] payload, String sourceRef) {
        StationStateMapper.StateMapping state = stateMapper.map(stationCode, payload);
        List<OutgoingRecord> records = new ArrayList<>();
        state.event().ifPresent(e -> records.add(new OutgoingRecord(topics.stationEvents(), stationCode,
                e.toByteArray())));
        for (Rejection r : state.rejections()) {
            records.add(deadLetter(stationCode, r, payload, sourceRef, System.currentTimeMillis(), topics, connector));
        }
        return publisher.sendAll(records).thenRun(() -> {
            state.event().ifPresent(e -> metrics.stationEvent());
            state.rejections().forEach(r -> metrics.rejected(r.reason()));
        });
    }

    /** The records for one mapped message, in order: observations first, then dead letters. */
    static List<OutgoingRecord> records(MappingResult result, byte[] payload, String sourceRef,
                                        ConnectorTopics topics, String connector) {
        List<OutgoingRecord> records = new ArrayList<>(result.observations().size() + result.rejections().size());
        for (Observation o : result.observations()) {
            records.add(new OutgoingRecord(topics.readings(), result.stationCode(), o.toByteArray()));
        }
        for (Rejection r : result.rejections()) {
            records.add(deadLetter(result.stationCode(), r, payload, sourceRef, result.receivedMs(), topics,
                    connector));
        }
        return records;
    }

    private static OutgoingRecord deadLetter(String stationCode, Rejection r, byte[] payload, String sourceRef,
                                             long receivedMs, ConnectorTopics topics, String connector) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(r.reason().name())
                .setDetail(r.detail())
                .setSourceRef(sourceRef)
                .setPayload(ByteString.copyFrom(payload))
                .setReceivedMs(receivedMs)
                .setStationCode(stationCode)
                .setConnector(connector)
                .build();
        return new OutgoingRecord(topics.dlq(), stationCode.isEmpty() ? null : stationCode, letter.toByteArray());
    }
}
