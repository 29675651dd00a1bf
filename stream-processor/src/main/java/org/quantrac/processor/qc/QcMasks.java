package org.quantrac.processor.qc;

import org.quantrac.core.reading.QcFlag;

/** Which QC flags make a reading unusable for averages, AQI and thresholds. */
public final class QcMasks {

    /**
     * Every flag except {@link QcFlag#LATE}: a late reading is a good measurement that arrived after its hour was first
     * rolled up; the rollup is recomputed with it, and the flag only records that the published hour changed.
     */
    public static final int INVALIDATING = QcFlag.CALIBRATING.bit() | QcFlag.DEVICE_ERROR.bit() | QcFlag.RANGE.bit()
            | QcFlag.SPIKE.bit() | QcFlag.FLATLINE.bit();

    private QcMasks() {
    }
}
