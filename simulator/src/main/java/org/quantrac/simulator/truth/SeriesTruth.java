package org.quantrac.simulator.truth;

import java.time.Instant;

/**
 * What was sent of one (station, parameter) series.
 *
 * @param count readings sent (a reading sent twice on purpose, e.g. a duplicate fault, counts once per send)
 * @param first earliest measurement time sent
 * @param last  latest measurement time sent
 */
public record SeriesTruth(long count, Instant first, Instant last) {
}
