package org.quantrac.connectors.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the ingest path hands records: the future completes when they are safe (Kafka or durable buffer). */
public interface RecordSink {

    /** Completes when every record is safe; fails only if the sink is closed first. */
    CompletableFuture<Void> sendAll(List<OutgoingRecord> records);

    /** Whether Kafka acknowledges records now. */
    boolean healthy();
}
