package org.quantrac.connectors.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka producer of a connector.
 *
 * @param linger       small: a station waits for its PUBACK until Kafka has the record
 * @param retryBackoff    first pause before a record Kafka refused is sent again (doubles up to 30 s)
 * @param maxBlock        how long a send may wait for metadata (broker unreachable) before it fails
 * @param deliveryTimeout how long Kafka may take to acknowledge a record before the send fails
 * @param compression     {@code compression.type}
 */
public record ProducerSettings(String bootstrapServers, String clientId, Duration linger, Duration retryBackoff,
                               Duration maxBlock, Duration deliveryTimeout, String compression) {

    public ProducerSettings(String bootstrapServers, String clientId, Duration linger, Duration retryBackoff,
                            Duration maxBlock, Duration deliveryTimeout) {
        this(bootstrapServers, clientId, linger, retryBackoff, maxBlock, deliveryTimeout,
                ProducerTuning.DEFAULT_COMPRESSION);
    }

    public ProducerSettings {
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(compression, "compression");
    }

    /** Idempotent, acks from all in-sync replicas: a record Kafka acknowledged is stored exactly once per send. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // A failed send is retried by us (or buffered), so fail sooner than the defaults (60 s / 120 s).
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
        int delivery = (int) deliveryTimeout.toMillis();
        int request = Math.min(15_000, delivery / 2);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(delivery, request + (int) linger.toMillis()));
        return p;
    }
}
