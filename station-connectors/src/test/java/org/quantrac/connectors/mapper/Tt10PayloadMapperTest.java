package org.quantrac.connectors.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.StationCatalog;

class Tt10PayloadMapperTest {

    static final StationCatalog CATALOG = StationCatalog.builtIn();
    /** 07:10 in Hạ Long; the test JVM runs in America/St_Johns, so a default-zone bug shows. */
    static final Instant NOW = Instant.parse("2026-11-28T00:10:00Z");
    static final PayloadMapper MAPPER = new PayloadMapper(CATALOG, IngestRules.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    static final String TOPIC = "stations/QN-AQ-02/tt10";

    static MappingResult map(String text) {
        return MAPPER.map("QN-AQ-02", PayloadFormat.TT10, text.getBytes(StandardCharsets.UTF_8), TOPIC);
    }

    @Test
    void theDocumentedExampleIsOneObservationInLocalTime() {
        MappingResult r = map("PM2,5\t35.2\tµg/Nm3\t20261128070500\t00\nSO2\t21.0\tµg/Nm3\t20261128070500\t00\n");

        assertThat(r.rejections()).isEmpty();
        assertThat(r.observations()).hasSize(1);
        Observation o = r.observations().get(0);
        assertThat(o.getStationId()).isEqualTo(2);
        assertThat(o.getTimeMs()).isEqualTo(Instant.parse("2026-11-28T00:05:00Z").toEpochMilli());
        assertThat(o.getSource()).isEqualTo(Source.MQTT_TT10);
        assertThat(o.getSourceRef()).isEqualTo(TOPIC);
        assertThat(o.getReceivedMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(o.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(1, 4);
        assertThat(o.getMeasurementsList()).extracting(Measurement::getValue).containsExactly(35.2, 21.0);
    }

    @Test
    void linesAreGroupedByTimeWithCrlfBlankLinesDecimalCommaUnitsAndStatus() {
        MappingResult r = map("\uFEFFPM10\t40,5\tmg/Nm3\t20261128070000\t01\r\n\r\n"
                + "PM10\t41\tµg/Nm3\t20261128070500\t00\r\n"
                + "CO\t1.5\tppm\t20261128070000\t02\r\n"
                + "Temp\t300.15\tK\t20261128070500\t0\r\n   \r\n");

        assertThat(r.rejections()).isEmpty();
        assertThat(r.observations()).hasSize(2);
        Observation first = r.observations().get(0);
        assertThat(first.getTimeMs()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z").toEpochMilli());
        assertThat(first.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(2, 7);
        assertThat(first.getMeasurements(0).getValue()).isCloseTo(40500.0, Offset.offset(1e-6));
        assertThat(first.getMeasurements(0).getStatus()).isEqualTo(StationStatus.CALIBRATING);
        assertThat(first.getMeasurements(1).getValue()).isCloseTo(1.5 * 28.010 / 24.45 * 1000, Offset.offset(1e-6));
        assertThat(first.getMeasurements(1).getStatus()).isEqualTo(StationStatus.DEVICE_ERROR);
        Observation second = r.observations().get(1);
        assertThat(second.getTimeMs()).isEqualTo(Instant.parse("2026-11-28T00:05:00Z").toEpochMilli());
        assertThat(second.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(2, 9);
        assertThat(second.getMeasurements(1).getValue()).isCloseTo(27.0, Offset.offset(1e-9));
    }

    @Test
    void theZoneIsConfigurable() {
        PayloadMapper utc = new PayloadMapper(CATALOG, new IngestRules(65536, ZoneId.of("UTC"),
                Duration.ofMinutes(5), Duration.ofDays(365)), Clock.fixed(NOW, ZoneOffset.UTC));
        MappingResult r = utc.map("QN-AQ-02", PayloadFormat.TT10_FILE,
                "PM10\t1\t\t20261128000500\t00".getBytes(StandardCharsets.UTF_8), "QN-AQ-02_20261128000500.txt");
        assertThat(r.observations().get(0).getTimeMs())
                .isEqualTo(Instant.parse("2026-11-28T00:05:00Z").toEpochMilli());
        assertThat(r.observations().get(0).getSource()).isEqualTo(Source.TT10_FILE);
    }

    @Test
    void eachBadLineIsRejectedAndTheGoodOnesKept() {
        MappingResult r = map(String.join("\n",
                "PM10\t40\tµg/Nm3\t20261128070500\t00",
                "PM10 40 µg/Nm3 20261128070500 00",
                "XYZ\t1\t\t20261128070500\t00",
                "pH\t7\t\t20261128070500\t00",
                "SO2\tNaN\t\t20261128070500\t00",
                "SO2\tabc\t\t20261128070500\t00",
                "SO2\t12\tfurlongs\t20261128070500\t00",
                "SO2\t12\t\t20261128070500\t09",
                "SO2\t12\t\t2026112807050\t00",
                "SO2\t12\t\t20261128251000\t00",
                "SO2\t12\t\t20261128080000\t00",
                "SO2\t12\t\t20201128070000\t00",
                "PM10\t41\tµg/Nm3\t20261128070500\t00",
                "NO2\t12\t\t20261128070500\t00\textra",
                "NO2\t0x1p3\t\t20261128070500\t00",
                "NO2\t13\t\t20261128070500\t00"));

        assertThat(r.observations()).hasSize(1);
        assertThat(r.observations().get(0).getMeasurementsList()).extracting(Measurement::getParameterId)
                .containsExactly(2, 5);
        assertThat(r.observations().get(0).getMeasurementsList()).extracting(Measurement::getValue)
                .containsExactly(40.0, 13.0);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(
                RejectReason.MALFORMED_TT10, RejectReason.UNKNOWN_PARAMETER, RejectReason.UNKNOWN_PARAMETER,
                RejectReason.NOT_A_NUMBER, RejectReason.NOT_A_NUMBER, RejectReason.UNKNOWN_UNIT,
                RejectReason.BAD_STATUS, RejectReason.BAD_TIME, RejectReason.BAD_TIME, RejectReason.TIME_IN_FUTURE,
                RejectReason.TIME_TOO_OLD, RejectReason.MALFORMED_TT10, RejectReason.MALFORMED_TT10,
                RejectReason.NOT_A_NUMBER);
        assertThat(r.rejections().get(0).detail()).startsWith("line 2");
        assertThat(r.rejections().get(11).detail()).startsWith("line 13").contains("twice");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                | MALFORMED_TT10",
        "`\n\n  \n`        | MALFORMED_TT10",
        "`{\"json\":1}`    | MALFORMED_TT10",
        "`PM10;40;µg/Nm3;20261128070500;00` | MALFORMED_TT10",
        "`PM10\t40\tµg/Nm3\t20261128070500` | MALFORMED_TT10",
    })
    void malformedCorpus(String text, RejectReason expected) {
        MappingResult r = map(text.replace("\\n", "\n").replace("\\t", "\t"));
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(expected);
    }

    @Test
    void invalidUtf8IsMalformed() {
        MappingResult r = MAPPER.map("QN-AQ-02", PayloadFormat.TT10,
                new byte[] {'P', 'M', '1', '0', '\t', (byte) 0xc3, 0x28}, TOPIC);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_TT10);
    }

    @Test
    void anUnknownStationIsRejectedWhole() {
        MappingResult r = MAPPER.map("QN-ZZ-01", PayloadFormat.TT10,
                "PM10\t40\t\t20261128070500\t00".getBytes(StandardCharsets.UTF_8), "stations/QN-ZZ-01/tt10");
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.UNKNOWN_STATION);
        assertThat(r.observations()).isEmpty();
    }
}
