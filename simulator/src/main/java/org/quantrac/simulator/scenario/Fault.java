package org.quantrac.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One scheduled fault.
 *
 * @param index       position in the scenario file, for messages and ground-truth events
 * @param parameter   the parameter symbol it affects, or empty for all of the station's parameters
 * @param from        first affected measurement time (inclusive)
 * @param to          end (exclusive)
 * @param backlog     offline/flapping: the datalogger replays what it measured when the link is back
 * @param period      flapping: length of one down-and-up cycle
 * @param ratePerHour drift: relative error added per hour
 * @param probability spikes: chance per reading
 * @param factor      spikes / episode: multiplier
 * @param peak        episode: value reached at the plateau (instead of a factor)
 * @param value       out-of-range: the value sent (default 1.5 × the parameter's maximum)
 * @param batch       out-of-order: observations per reversed batch
 * @param delay       late: how late observations arrive
 * @param skew        clock-skew: shift of the measurement times (negative = clock behind)
 * @param downtime    opcua-restart: how long the server is down
 */
public record Fault(int index, FaultType type, StationFilter stations, Optional<String> parameter, Instant from,
                    Instant to, boolean backlog, Duration period, double ratePerHour, double probability,
                    double factor, Optional<Double> peak, Optional<Double> value, int batch, Duration delay,
                    Duration skew, Duration downtime) {

    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    public boolean affects(String symbol) {
        return parameter.isEmpty() || parameter.get().equalsIgnoreCase(symbol)
                || parameter.get().replace('.', ',').equalsIgnoreCase(symbol);
    }

    /** A short description for the ground truth. */
    public String detail() {
        StringBuilder sb = new StringBuilder("faults[" + index + "]");
        parameter.ifPresent(p -> sb.append(" parameter=").append(p));
        switch (type) {
            case OFFLINE: sb.append(" backlog=").append(backlog); break;
            case FLAPPING: sb.append(" period=").append(period).append(" backlog=").append(backlog); break;
            case DRIFT: sb.append(" ratePerHour=").append(ratePerHour); break;
            case SPIKES: sb.append(" probability=").append(probability).append(" factor=").append(factor); break;
            case EPISODE: {
                sb.append(peak.map(p -> " peak=" + p).orElse(" factor=" + factor));
                // The plateau: where a peak above a limit is certainly above it (alert tests use these times).
                java.time.Duration quarter = java.time.Duration.between(from, to).dividedBy(4);
                sb.append(" plateau=").append(from.plus(quarter)).append('/').append(to.minus(quarter));
                break;
            }
            case OUT_OF_RANGE: value.ifPresent(v -> sb.append(" value=").append(v)); break;
            case OUT_OF_ORDER: sb.append(" batch=").append(batch); break;
            case LATE: sb.append(" delay=").append(delay); break;
            case CLOCK_SKEW: sb.append(" skew=").append(skew); break;
            case OPCUA_RESTART: sb.append(" downtime=").append(downtime); break;
            default: break;
        }
        return sb.toString();
    }
}
