package org.quantrac.simulator.tt10;

import java.nio.charset.StandardCharsets;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.Readout;
import org.quantrac.simulator.signal.StationClock;

/**
 * Circular 10/2021/TT-BTNMT transmission content: one line per parameter,
 * {@code <Symbol>\t<Value>\t<Unit>\t<YYYYMMDDhhmmss>\t<Status>}, time in station local time (UTC+7).
 */
public final class Tt10Text {

    private Tt10Text() {
    }

    public static String lines(Observation o) {
        String time = StationClock.compact(o.time());
        StringBuilder sb = new StringBuilder(o.values().size() * 32);
        for (Measurement m : o.values()) {
            sb.append(m.parameter().symbol()).append('\t')
                    .append(Readout.text(m.value())).append('\t')
                    .append(m.parameter().unit()).append('\t')
                    .append(time).append('\t')
                    .append(m.status().code()).append('\n');
        }
        return sb.toString();
    }

    public static byte[] encode(Observation o) {
        return lines(o).getBytes(StandardCharsets.UTF_8);
    }

    /** The transmission file's name: station code first (the connector's default pattern), then the local time. */
    public static String fileName(Observation o) {
        return o.station().code() + "_" + StationClock.compact(o.time()) + ".txt";
    }
}
