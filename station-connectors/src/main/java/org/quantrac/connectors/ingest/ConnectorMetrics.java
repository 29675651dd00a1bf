package org.quantrac.connectors.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.quantrac.connectors.mapper.RejectReason;

/**
 * Counters of a connector. Prometheus names: {@code quantrac_connector_dlq_total{reason}},
 * {@code quantrac_connector_messages_total{format}}, {@code quantrac_connector_readings_total{format}} (accepted
 * values) and {@code quantrac_connector_station_events_total}.
 */
public final class ConnectorMetrics {

    private final Map<RejectReason, Counter> dlq = new EnumMap<>(RejectReason.class);
    private final Map<PayloadFormat, Counter> messages = new EnumMap<>(PayloadFormat.class);
    private final Map<PayloadFormat, Counter> readings = new EnumMap<>(PayloadFormat.class);
    private final Counter stationEvents;

    public ConnectorMetrics(MeterRegistry registry) {
        for (RejectReason r : RejectReason.values()) {
            dlq.put(r, Counter.builder("quantrac.connector.dlq").tag("reason", r.name())
                    .description("Input sent to the dead-letter topic, by reason").register(registry));
        }
        for (PayloadFormat f : PayloadFormat.values()) {
            String format = f.name().toLowerCase(java.util.Locale.ROOT);
            messages.put(f, Counter.builder("quantrac.connector.messages").tag("format", format)
                    .description("Messages or files handled (acknowledged by Kafka)").register(registry));
            readings.put(f, Counter.builder("quantrac.connector.readings").tag("format", format)
                    .description("Accepted values written to the readings topic").register(registry));
        }
        stationEvents = Counter.builder("quantrac.connector.station.events")
                .description("Station events written").register(registry);
    }

    void rejected(RejectReason reason) {
        dlq.get(reason).increment();
    }

    void handled(PayloadFormat format, int acceptedValues) {
        messages.get(format).increment();
        readings.get(format).increment(acceptedValues);
    }

    void stationEvent() {
        stationEvents.increment();
    }

    /** Dead letters written so far for a reason. */
    public double dlqCount(RejectReason reason) {
        return dlq.get(reason).count();
    }
}
