package org.quantrac.simulator.signal;

import java.util.Objects;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.StationStatus;

/** One parameter's value in an observation, with the instrument status the datalogger reports. */
public record Measurement(Parameter parameter, double value, StationStatus status) {

    public Measurement {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(status, "status");
    }

    /** The same measurement with another value (fault injection). */
    public Measurement withValue(double v) {
        return new Measurement(parameter, v, status);
    }

    /** The same measurement with another status (calibration, device error). */
    public Measurement withStatus(StationStatus s) {
        return new Measurement(parameter, value, s);
    }
}
