package org.quantrac.alerting.rules;

import org.quantrac.core.reading.StationStatus;

/** One measured value of an observation, as the evaluator sees it. */
public record Sample(int parameterId, double value, StationStatus status) {
}
