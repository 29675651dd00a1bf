package org.quantrac.processor.qc;

import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;

/**
 * Per-reading quality checks that need nothing but the reading and its parameter: the station's own status and the
 * parameter's physically plausible range. The result is a {@link QcFlag} bit mask; see docs/quality-flags.md.
 */
public final class QualityControl {

    private static final int CALIBRATING = QcFlag.CALIBRATING.bit();
    private static final int DEVICE_ERROR = QcFlag.DEVICE_ERROR.bit();
    private static final int RANGE = QcFlag.RANGE.bit();

    /**
     * @param status the Circular 10/2021 status number: 0 measuring, 1 calibrating, 2 device error; any other number
     *               is a datalogger we cannot trust and counts as a device error
     */
    public int flags(Parameter parameter, double value, int status) {
        int flags = 0;
        if (status == 1) {
            flags |= CALIBRATING;
        } else if (status != 0) {
            flags |= DEVICE_ERROR;
        }
        // NaN fails both comparisons, so it is out of range too.
        if (!parameter.inRange(value)) {
            flags |= RANGE;
        }
        return flags;
    }
}
