package org.quantrac.connectors.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.StationCatalog;

class OpcUaValueMapperTest {

    static final Instant NOW = Instant.parse("2026-11-28T00:10:00Z");
    static final OpcUaValueMapper MAPPER = new OpcUaValueMapper(StationCatalog.builtIn(), IngestRules.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    static final String EP = "opc.tcp://plc:4840";

    static NodeReading reading(String parameter, String unit, Object value, Instant time, String bad) {
        return new NodeReading(parameter, unit, value, time, bad, "ns=2;s=" + parameter);
    }

    @Test
    void valuesAreGroupedBySourceTimeAndConvertedAndABadNodeDropsNothingElse() {
        Instant t1 = Instant.parse("2026-11-28T00:05:00Z");
        Instant t2 = Instant.parse("2026-11-28T00:06:00Z");
        MappingResult r = MAPPER.map("QN-ST-01", List.of(
                reading("Dust", "", 12.5, t1, null),
                reading("SO2", "ppm", 10, t1, null),
                reading("NOx", "", null, t1, "Bad_SensorFailure"),
                reading("Dust", "", 13.0f, t2, null),
                reading("Dust", "", 99.0, t2, null),
                reading("O2", "", "7,5", t2, null),
                reading("Flow", "", true, t2, null),
                reading("XYZ", "", 1.0, t2, null),
                reading("Temp", "", 100.0, NOW.plusSeconds(3600), null)), "01", EP);

        assertThat(r.observations()).hasSize(2);
        Observation first = r.observations().get(0);
        assertThat(first.getStationId()).isEqualTo(25);
        assertThat(first.getSource()).isEqualTo(Source.OPCUA);
        assertThat(first.getSourceRef()).isEqualTo(EP);
        assertThat(first.getTimeMs()).isEqualTo(t1.toEpochMilli());
        assertThat(first.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(30, 31);
        assertThat(first.getMeasurements(1).getValue()).isCloseTo(10 * 64.066 / 24.45, Offset.offset(1e-9));
        assertThat(first.getMeasurementsList()).extracting(Measurement::getStatus)
                .containsOnly(StationStatus.CALIBRATING);
        Observation second = r.observations().get(1);
        assertThat(second.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(30, 34);
        assertThat(second.getMeasurementsList()).extracting(Measurement::getValue).containsExactly(13.0, 7.5);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_A_NUMBER,
                RejectReason.NOT_A_NUMBER, RejectReason.UNKNOWN_PARAMETER, RejectReason.TIME_IN_FUTURE);
        assertThat(r.rejections().get(0).detail()).contains("ns=2;s=NOx").contains("Bad_SensorFailure");
    }

    @Test
    void aMissingSourceTimeMeansNowAndAnUnknownStationIsRejected() {
        MappingResult r = MAPPER.map("QN-ST-01", List.of(reading("Dust", "", 1.0, null, null)), "", EP);
        assertThat(r.observations().get(0).getTimeMs()).isEqualTo(NOW.toEpochMilli());
        MappingResult unknown = MAPPER.map("QN-XX-01", List.of(reading("Dust", "", 1.0, null, null)), "", EP);
        assertThat(unknown.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.UNKNOWN_STATION);
    }
}
