package org.quantrac.core.station;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.quantrac.core.parameter.Parameter;

/**
 * An automatic monitoring station.
 *
 * @param id          stable numeric id used in the database and in Kafka records
 * @param code        e.g. {@code QN-AQ-01}: MQTT user name, topic segment and Kafka key
 * @param parameters  resolved parameters, in the station's order
 * @param interval    sampling interval
 * @param aqiEligible whether the station meets the circular's equipment rules to publish AQI
 * @param limitClass  regulatory class (QCVN 08 A/B/C for surface water, QCVN 40 column A/B for wastewater), if any
 * @param kq          QCVN 40 receiving-water factor (1 when not applicable)
 * @param kf          QCVN 40 discharge-flow factor (1 when not applicable)
 */
public record Station(int id, String code, String name, StationKind kind, String district, double latitude,
                      double longitude, Protocol protocol, Duration interval, List<Parameter> parameters,
                      boolean aqiEligible, Optional<String> limitClass, double kq, double kf) {

    public Station {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(interval, "interval");
        parameters = List.copyOf(parameters);
        if (id <= 0) {
            throw new IllegalArgumentException("station id must be positive: " + code);
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("station " + code + ": interval must be positive");
        }
    }

    /** The station's parameter with this Circular 10/2021 symbol (exact or normalised), if it measures it. */
    public Optional<Parameter> parameter(String symbol) {
        for (Parameter p : parameters) {
            if (p.symbol().equals(symbol)) {
                return Optional.of(p);
            }
        }
        String wanted = symbol.trim().replace('.', ',');
        return parameters.stream().filter(p -> p.symbol().equalsIgnoreCase(wanted)).findFirst();
    }

    /** Whether the station measures the parameter with this id. */
    public boolean measures(int parameterId) {
        for (Parameter p : parameters) {
            if (p.id() == parameterId) {
                return true;
            }
        }
        return false;
    }
}
