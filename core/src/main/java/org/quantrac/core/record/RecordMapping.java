package org.quantrac.core.record;

import org.quantrac.core.reading.StationStatus;

/** Maps between the domain and the generated protobuf types. */
public final class RecordMapping {

    private RecordMapping() {
    }

    public static org.quantrac.core.record.v1.StationStatus toRecord(StationStatus status) {
        switch (status) {
            case CALIBRATING: return org.quantrac.core.record.v1.StationStatus.CALIBRATING;
            case DEVICE_ERROR: return org.quantrac.core.record.v1.StationStatus.DEVICE_ERROR;
            default: return org.quantrac.core.record.v1.StationStatus.MEASURING;
        }
    }

    public static StationStatus fromRecord(org.quantrac.core.record.v1.StationStatus status) {
        switch (status) {
            case CALIBRATING: return StationStatus.CALIBRATING;
            case DEVICE_ERROR: return StationStatus.DEVICE_ERROR;
            default: return StationStatus.MEASURING;
        }
    }
}
