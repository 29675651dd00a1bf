package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.tt10.Tt10Text;

/** The two MQTT payloads of docs/station-protocol.md, each on its own topic below {@code stations/{code}/}. */
public enum PayloadFormat {
    /** {@code stations/{code}/data}, JSON. */
    JSON("data"),
    /** {@code stations/{code}/tt10}, Circular 10/2021 text lines. */
    TT10("tt10");

    private final String topicSuffix;

    PayloadFormat(String topicSuffix) {
        this.topicSuffix = topicSuffix;
    }

    public String topic(String stationCode) {
        return "stations/" + stationCode + "/" + topicSuffix;
    }

    public byte[] encode(Observation o) {
        return this == JSON ? JsonPayload.encode(o) : Tt10Text.encode(o);
    }

    /** Several observations of one station in one message: a JSON array, or the TT10 lines of every time. */
    public byte[] encode(List<Observation> batch) {
        if (batch.size() == 1) {
            return encode(batch.get(0));
        }
        if (this == JSON) {
            return JsonPayload.encode(batch);
        }
        StringBuilder sb = new StringBuilder();
        batch.forEach(o -> sb.append(Tt10Text.lines(o)));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String stateTopic(String stationCode) {
        return "stations/" + stationCode + "/state";
    }
}
