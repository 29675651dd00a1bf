package org.quantrac.processor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.qc.QualityControl;
import org.quantrac.processor.sink.ReadingBatch;

class ObservationDecoderTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Rejects rejects = new Rejects(registry);
    private final ObservationDecoder decoder = new ObservationDecoder(CATALOG, new QualityControl(), null, rejects);

    @Test
    void everyMeasurementBecomesARowWithItsFlags() {
        Observation o = Observation.newBuilder().setStationId(1).setTimeMs(1_764_262_800_000L)
                .addMeasurements(Measurement.newBuilder().setParameterId(1).setValue(35.5))
                .addMeasurements(Measurement.newBuilder().setParameterId(2).setValue(80)
                        .setStatus(StationStatus.CALIBRATING))
                .addMeasurements(Measurement.newBuilder().setParameterId(4).setValue(-3)
                        .setStatus(StationStatus.DEVICE_ERROR))
                .build();
        ReadingBatch batch = new ReadingBatch(8);

        assertThat(decoder.decode(o.toByteArray(), batch)).isEqualTo(3);

        assertThat(batch.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(batch.stationId(i)).isEqualTo(1);
            assertThat(batch.epochMicros(i)).isEqualTo(1_764_262_800_000_000L);
        }
        assertThat(batch.parameterId(0)).isEqualTo((short) 1);
        assertThat(batch.value(0)).isEqualTo(35.5);
        assertThat(batch.status(0)).isEqualTo((short) 0);
        assertThat(batch.qcFlags(0)).isZero();
        assertThat(batch.status(1)).isEqualTo((short) 1);
        assertThat(QcFlag.of(batch.qcFlags(1))).containsExactly(QcFlag.CALIBRATING);
        assertThat(batch.status(2)).isEqualTo((short) 2);
        assertThat(QcFlag.of(batch.qcFlags(2))).containsExactlyInAnyOrder(QcFlag.DEVICE_ERROR, QcFlag.RANGE);
        assertThat(rejects.total()).isZero();
    }

    @Test
    void unknownStationsParametersAndGarbageAreCountedNotStored() {
        ReadingBatch batch = new ReadingBatch(8);
        Observation unknownStation = Observation.newBuilder().setStationId(999_999).setTimeMs(1000)
                .addMeasurements(Measurement.newBuilder().setParameterId(1).setValue(1))
                .addMeasurements(Measurement.newBuilder().setParameterId(2).setValue(1)).build();
        Observation unknownParameter = Observation.newBuilder().setStationId(1).setTimeMs(1000)
                .addMeasurements(Measurement.newBuilder().setParameterId(9999).setValue(1))
                .addMeasurements(Measurement.newBuilder().setParameterId(1).setValue(2)).build();

        assertThat(decoder.decode(unknownStation.toByteArray(), batch)).isZero();
        assertThat(decoder.decode(unknownParameter.toByteArray(), batch)).isEqualTo(1);
        assertThat(decoder.decode(new byte[] {(byte) 0xFF, 0x01, 0x02}, batch)).isZero();

        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.value(0)).isEqualTo(2.0);
        assertThat(registry.get("quantrac.processor.readings.rejected").tag("reason", "unknown_station").counter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get("quantrac.processor.readings.rejected").tag("reason", "unknown_parameter").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("quantrac.processor.readings.rejected").tag("reason", "undecodable").counter()
                .count()).isEqualTo(1.0);
    }
}
