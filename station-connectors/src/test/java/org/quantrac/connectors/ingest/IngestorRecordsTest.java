package org.quantrac.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.config.ConnectorTopics;
import org.quantrac.connectors.kafka.OutgoingRecord;
import org.quantrac.connectors.mapper.IngestRules;
import org.quantrac.connectors.mapper.MappingResult;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.quantrac.connectors.mapper.PayloadMapper;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;

class IngestorRecordsTest {

    static final Instant NOW = Instant.parse("2026-11-28T00:10:00Z");
    static final PayloadMapper MAPPER = new PayloadMapper(StationCatalog.builtIn(), IngestRules.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    static final ConnectorTopics TOPICS = new ConnectorTopics("r", "d", "e");

    @Test
    void observationsGoToReadingsAndEachRejectionToTheDlqWithTheRawPayload() throws Exception {
        byte[] payload = ("{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":3},"
                + "{\"parameter\":\"XYZ\",\"value\":1},{\"parameter\":\"SO2\",\"value\":\"x\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        MappingResult result = MAPPER.map("QN-AQ-01", PayloadFormat.JSON, payload, "stations/QN-AQ-01/data");

        List<OutgoingRecord> records = Ingestor.records(result, payload, "stations/QN-AQ-01/data", TOPICS, "c1");

        assertThat(records).extracting(OutgoingRecord::topic).containsExactly("r", "d", "d");
        assertThat(records).extracting(OutgoingRecord::key).containsOnly("QN-AQ-01");
        Observation o = Observation.parseFrom(records.get(0).value());
        assertThat(o.getStationId()).isEqualTo(1);
        assertThat(o.getMeasurements(0).getValue()).isEqualTo(3.0);
        DeadLetter unknown = DeadLetter.parseFrom(records.get(1).value());
        assertThat(unknown.getReason()).isEqualTo("UNKNOWN_PARAMETER");
        assertThat(unknown.getPayload().toByteArray()).isEqualTo(payload);
        assertThat(unknown.getSourceRef()).isEqualTo("stations/QN-AQ-01/data");
        assertThat(unknown.getStationCode()).isEqualTo("QN-AQ-01");
        assertThat(unknown.getConnector()).isEqualTo("c1");
        assertThat(unknown.getReceivedMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(DeadLetter.parseFrom(records.get(2).value()).getReason()).isEqualTo("NOT_A_NUMBER");
    }
}
