package org.quantrac.processor.aqi;

import java.util.Map;
import java.util.StringJoiner;

/**
 * An AQI value: the largest sub-index, the pollutant that gave it, and every sub-index.
 *
 * @param subIndices in {@link Pollutant} order
 */
public record AqiResult(int aqi, Pollutant dominant, Map<Pollutant, Integer> subIndices) {

    public AqiResult {
        subIndices = Map.copyOf(subIndices);
    }

    public AqiBand band() {
        return AqiBand.of(aqi);
    }

    /** The sub-indices as a JSON object keyed by parameter symbol, e.g. {@code {"PM2,5":87,"O3":40}}. */
    public String subIndicesJson() {
        StringJoiner j = new StringJoiner(",", "{", "}");
        for (Pollutant p : Pollutant.values()) {
            Integer v = subIndices.get(p);
            if (v != null) {
                j.add("\"" + p.symbol() + "\":" + v);
            }
        }
        return j.toString();
    }

    /** The largest sub-index wins; ties go to the pollutant listed first in {@link Pollutant}. */
    static AqiResult of(Map<Pollutant, Integer> subIndices) {
        Pollutant dominant = null;
        int aqi = -1;
        for (Pollutant p : Pollutant.values()) {
            Integer v = subIndices.get(p);
            if (v != null && v > aqi) {
                aqi = v;
                dominant = p;
            }
        }
        return new AqiResult(aqi, dominant, subIndices);
    }
}
