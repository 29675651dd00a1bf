package org.quantrac.connectors.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.StationCatalog;

class JsonPayloadMapperTest {

    static final StationCatalog CATALOG = StationCatalog.builtIn();
    /** 07:10 in Hạ Long. */
    static final Instant NOW = Instant.parse("2026-11-28T00:10:00Z");
    static final PayloadMapper MAPPER = new PayloadMapper(CATALOG, IngestRules.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    static final String TOPIC = "stations/QN-AQ-01/data";

    static MappingResult map(String json) {
        return MAPPER.map("QN-AQ-01", PayloadFormat.JSON, json.getBytes(StandardCharsets.UTF_8), TOPIC);
    }

    static String payload(String values) {
        return "{\"station\":\"QN-AQ-01\",\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[" + values + "]}";
    }

    @Test
    void theDocumentedExampleBecomesOneObservationInCanonicalUnits() {
        MappingResult r = map("""
                {
                  "station": "QN-AQ-01",
                  "time": "2026-11-28T07:05:00+07:00",
                  "values": [
                    {"parameter": "PM2,5", "value": 35.2, "unit": "µg/Nm3", "status": "00"},
                    {"parameter": "SO2",   "value": 0.021, "unit": "mg/Nm3", "status": "00"},
                    {"parameter": "O3",    "value": 61.0, "status": "01"}
                  ]
                }""");

        assertThat(r.rejections()).isEmpty();
        assertThat(r.stationCode()).isEqualTo("QN-AQ-01");
        assertThat(r.observations()).hasSize(1);
        Observation o = r.observations().get(0);
        assertThat(o.getStationId()).isEqualTo(1);
        assertThat(o.getTimeMs()).isEqualTo(Instant.parse("2026-11-28T00:05:00Z").toEpochMilli());
        assertThat(o.getSource()).isEqualTo(Source.MQTT_JSON);
        assertThat(o.getReceivedMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(o.getSourceRef()).isEqualTo(TOPIC);
        assertThat(o.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(1, 4, 8);
        assertThat(o.getMeasurements(0).getValue()).isEqualTo(35.2);
        assertThat(o.getMeasurements(1).getValue()).isCloseTo(21.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(o.getMeasurements(2).getValue()).isEqualTo(61.0);
        assertThat(o.getMeasurements(2).getStatus()).isEqualTo(StationStatus.CALIBRATING);
        assertThat(o.getMeasurements(0).getStatus()).isEqualTo(StationStatus.MEASURING);
        assertThat(r.acceptedValues()).isEqualTo(3);
    }

    @Test
    void anArrayOfObservationsIsABatchJudgedElementByElement() {
        MappingResult r = map("["
                + payload("{\"parameter\":\"PM10\",\"value\":40}") + ","
                + "{\"time\":\"2026-11-28T07:06:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":41},"
                + "{\"parameter\":\"SO2\",\"value\":NaN}]},"
                + "7,"
                + "{\"time\":\"2026-11-28T07:07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":42}]},"
                + "{\"station\":\"QN-AQ-02\",\"time\":\"2026-11-28T07:08:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":43}]},"
                + "{\"time\":\"2026-11-28T07:09:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":44}]}"
                + "]");

        assertThat(r.observations()).extracting(Observation::getTimeMs).containsExactly(
                Instant.parse("2026-11-28T00:05:00Z").toEpochMilli(),
                Instant.parse("2026-11-28T00:06:00Z").toEpochMilli(),
                Instant.parse("2026-11-28T00:09:00Z").toEpochMilli());
        assertThat(r.observations()).extracting(o -> o.getMeasurements(0).getValue()).containsExactly(40.0, 41.0, 44.0);
        assertThat(r.observations()).allSatisfy(o -> {
            assertThat(o.getStationId()).isEqualTo(1);
            assertThat(o.getSourceRef()).isEqualTo(TOPIC);
        });
        assertThat(r.acceptedValues()).isEqualTo(3);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_A_NUMBER,
                RejectReason.MALFORMED_JSON, RejectReason.BAD_TIME, RejectReason.STATION_MISMATCH);
        assertThat(r.rejections()).extracting(Rejection::detail).satisfiesExactly(
                d -> assertThat(d).startsWith("[1] ").contains("SO2"),
                d -> assertThat(d).startsWith("[2] ").contains("observation object"),
                d -> assertThat(d).startsWith("[3] ").contains("no offset"),
                d -> assertThat(d).startsWith("[4] ").contains("QN-AQ-02"));
    }

    @Test
    void aBatchWithASyntaxErrorAnywhereIsRejectedWhole() {
        MappingResult r = map("[" + payload("{\"parameter\":\"PM10\",\"value\":40}") + ",{\"time\":]");
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
    }

    @Test
    void utcTimeWithoutStationFieldAndDottedSymbolIsAccepted() {
        MappingResult r = map("{\"time\":\"2026-11-28T00:05:00Z\",\"values\":[{\"parameter\":\"PM2.5\",\"value\":7}]}");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.observations().get(0).getTimeMs()).isEqualTo(Instant.parse("2026-11-28T00:05:00Z").toEpochMilli());
        assertThat(r.observations().get(0).getMeasurements(0).getParameterId()).isEqualTo(1);
        assertThat(r.observations().get(0).getMeasurements(0).getValue()).isEqualTo(7.0);
    }

    @Test
    void ppbIsConvertedWithTheMolarMass() {
        MappingResult r = map(payload("{\"parameter\":\"SO2\",\"value\":10,\"unit\":\"ppb\"}"));
        // 10 ppb SO2 = 10 * 64.066 / 24.45 µg/m3
        assertThat(r.observations().get(0).getMeasurements(0).getValue())
                .isCloseTo(10 * 64.066 / 24.45, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPartlyBadMessageKeepsItsGoodValuesAndRejectsEachBadOne() {
        MappingResult r = map(payload("""
                {"parameter":"PM10","value":40},
                {"parameter":"XYZ","value":1},
                {"parameter":"SO2","value":NaN},
                {"parameter":"NO2","value":5,"unit":"furlongs"},
                {"parameter":"CO","value":5,"status":"07"},
                {"parameter":"O3","value":"12"},
                {"parameter":"PM10","value":41},
                {"parameter":"Temp","value":Infinity},
                {"parameter":"RH","value":80.5}"""));

        assertThat(r.observations()).hasSize(1);
        assertThat(r.observations().get(0).getMeasurementsList()).extracting(Measurement::getParameterId)
                .containsExactly(2, 10);
        assertThat(r.observations().get(0).getMeasurements(0).getValue()).isEqualTo(40.0);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(
                RejectReason.UNKNOWN_PARAMETER, RejectReason.NOT_A_NUMBER, RejectReason.UNKNOWN_UNIT,
                RejectReason.BAD_STATUS, RejectReason.NOT_A_NUMBER, RejectReason.MALFORMED_JSON,
                RejectReason.NOT_A_NUMBER);
        assertThat(r.rejections().get(0).detail()).contains("XYZ").contains("PM2,5");
        assertThat(r.rejections().get(2).detail()).contains("furlongs").contains("µg/Nm3");
        assertThat(r.rejections().get(5).detail()).contains("twice");
    }

    @Test
    void fieldsInAnyOrderAndUnknownFieldsWithNestedContentAreAccepted() {
        MappingResult r = map("""
                {"values": [{"note": {"a": [1, {"b": null}]}, "value": 12.5, "parameter": "PM10", "extra": [[]]},
                            {"parameter": "CO", "value": 3, "unit": "mg/m3", "status": null}],
                 "meta": {"firmware": "1.2", "sensors": [1, 2, 3]},
                 "time": "2026-11-28T07:05:00+07:00", "station": "QN-AQ-01"}""");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.observations().get(0).getMeasurementsList()).extracting(Measurement::getValue)
                .containsExactly(12.5, 3000.0);
        assertThat(r.observations().get(0).getMeasurements(1).getStatus()).isEqualTo(StationStatus.MEASURING);
    }

    @Test
    void theRejectionTellsTheValueAsWritten() {
        MappingResult r = map(payload("""
                {"parameter":"PM10","value":"35.2"},
                {"parameter":"SO2","value":{"v":1}},
                {"parameter":"NO2","value":-Infinity},
                {"parameter":"CO","value":1,"status":1.5},
                {"parameter":"O3","value":1,"status":true}"""));
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_A_NUMBER,
                RejectReason.NOT_A_NUMBER, RejectReason.NOT_A_NUMBER, RejectReason.BAD_STATUS,
                RejectReason.BAD_STATUS);
        assertThat(r.rejections()).extracting(Rejection::detail).satisfiesExactly(
                d -> assertThat(d).contains("'\"35.2\"'"),
                d -> assertThat(d).contains("'{\"v\":1}'"),
                d -> assertThat(d).contains("'-Infinity'"),
                d -> assertThat(d).contains("'1.5'"),
                d -> assertThat(d).contains("'true'"));
    }

    @Test
    void aSecondDocumentAfterTheObjectIsMalformed() {
        MappingResult r = map(payload("{\"parameter\":\"PM10\",\"value\":1}") + " {}");
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
    }

    @Test
    void whenEveryValueIsBadThereIsNoObservation() {
        MappingResult r = map(payload("{\"parameter\":\"pH\",\"value\":7}"));
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.UNKNOWN_PARAMETER);
    }

    @Test
    void numericStatusCodesAreAccepted() {
        MappingResult r = map(payload("{\"parameter\":\"CO\",\"value\":100,\"status\":2}"));
        assertThat(r.observations().get(0).getMeasurements(0).getStatus()).isEqualTo(StationStatus.DEVICE_ERROR);
    }

    @Test
    void theSizeLimitIsCheckedBeforeAnythingElse() {
        PayloadMapper small = new PayloadMapper(CATALOG, new IngestRules(100, IngestRules.DEFAULT_TT10_ZONE,
                IngestRules.DEFAULT_MAX_FUTURE, IngestRules.DEFAULT_MAX_AGE), Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] big = payload("{\"parameter\":\"PM10\",\"value\":40},{\"parameter\":\"PM2,5\",\"value\":40}")
                .getBytes(StandardCharsets.UTF_8);
        MappingResult r = small.map("QN-AQ-01", PayloadFormat.JSON, big, TOPIC);
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(r.rejections().get(0).detail()).contains(big.length + " bytes").contains("100");
    }

    @Test
    void anUnknownStationIsRejectedWhole() {
        MappingResult r = MAPPER.map("QN-XX-99", PayloadFormat.JSON,
                payload("{\"parameter\":\"PM10\",\"value\":40}").getBytes(StandardCharsets.UTF_8), TOPIC);
        assertThat(r.stationCode()).isEqualTo("QN-XX-99");
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.UNKNOWN_STATION);
    }

    @Test
    void timeFiveMinutesAheadIsAcceptedButSixIsNot() {
        assertThat(map("{\"time\":\"2026-11-28T07:15:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}")
                .rejections()).isEmpty();
        MappingResult r = map(
                "{\"time\":\"2026-11-28T07:16:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}");
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.TIME_IN_FUTURE);
    }

    @Test
    void timeOlderThanTheRetentionIsRejected() {
        MappingResult r = map(
                "{\"time\":\"2025-11-01T07:00:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}");
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.TIME_TOO_OLD);
    }

    /** A corpus of malformed messages: each is rejected whole with exactly one reason, and nothing throws. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                                  | MALFORMED_JSON",
        "not json                                                            | MALFORMED_JSON",
        "{                                                                   | MALFORMED_JSON",
        "[1]                                                                 | MALFORMED_JSON",
        "[]                                                                  | MISSING_FIELD",
        "[{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[]}] trailing  | MALFORMED_JSON",
        "42                                                                  | MALFORMED_JSON",
        "null                                                                | MALFORMED_JSON",
        "`\"a string\"`                                                      | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[]} trailing      | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"time\":\"2026-11-28T07:06:00+07:00\",\"values\":[]} | MALFORMED_JSON",
        // a name given twice anywhere is malformed, whether the mapper reads that field or skips it
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1,\"value\":2}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1,\"unit\":\"µg/m³\",\"status\":\"00\",\"status\":\"01\"}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"note\":1,\"note\":2,\"values\":[{\"parameter\":\"PM10\",\"value\":1}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"meta\":{\"a\":[{\"b\":1,\"b\":2}]},\"values\":[{\"parameter\":\"PM10\",\"value\":1}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":{\"v\":1,\"v\":2}}]} | MALFORMED_JSON",
        "{\"time\":{\"t\":1,\"t\":2},\"values\":[{\"parameter\":\"PM10\",\"value\":1}]} | MALFORMED_JSON",
        "[{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[]},{\"x\":1,\"x\":1}]                | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[[{\"p\":1,\"p\":1}]]}                   | MALFORMED_JSON",
        "{\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}                 | MISSING_FIELD",
        "{\"time\":null,\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}   | MISSING_FIELD",
        "{\"time\":\"2026-11-28T07:05:00+07:00\"}                             | MISSING_FIELD",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[]}               | MISSING_FIELD",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":{\"PM10\":1}}     | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}        | BAD_TIME",
        "{\"time\":\"28/11/2026 07:05\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}           | BAD_TIME",
        "{\"time\":1764288300000,\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}                   | BAD_TIME",
        "{\"time\":\"2026-02-30T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]}  | BAD_TIME",
        "{\"station\":\"QN-AQ-02\",\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]} | STATION_MISMATCH",
        "{\"station\":7,\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[5]}                                       | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"value\":1}]}                           | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\"}]}                | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":null}]} | NOT_A_NUMBER",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1e400}]} | NOT_A_NUMBER",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":-Infinity}]} | NOT_A_NUMBER",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1,\"unit\":5}]} | MALFORMED_JSON",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1,\"status\":\"ok\"}]} | BAD_STATUS",
        "{\"time\":\"2026-11-28T07:05:00+07:00\",\"values\":[{\"parameter\":\"PM10\",\"value\":1,\"status\":[0]}]} | BAD_STATUS",
    })
    void malformedCorpus(String json, RejectReason expected) {
        MappingResult r = map(json);
        assertThat(r.observations()).isEmpty();
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(expected);
        assertThat(r.rejections().get(0).detail()).isNotBlank();
    }

    @Test
    void invalidUtf8AndBinaryGarbageAreMalformed() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b, (byte) 0xc3, 0x28};
        MappingResult r = MAPPER.map("QN-AQ-01", PayloadFormat.JSON, garbage, TOPIC);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
    }

    @Test
    void deeplyNestedJsonIsRejectedNotAStackOverflow() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        PayloadMapper mapper = new PayloadMapper(CATALOG, new IngestRules(100_000, IngestRules.DEFAULT_TT10_ZONE,
                IngestRules.DEFAULT_MAX_FUTURE, IngestRules.DEFAULT_MAX_AGE), Clock.fixed(NOW, ZoneOffset.UTC));
        MappingResult r = mapper.map("QN-AQ-01", PayloadFormat.JSON, deep.getBytes(StandardCharsets.UTF_8), TOPIC);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
    }
}
