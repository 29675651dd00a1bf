package org.quantrac.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How connector replicas split the stations ({@code connectors.mqtt.assignment}).
 *
 * <ul>
 *   <li>{@link Mode#SHARED}: the broker splits messages between the replicas of a share group
 *       ({@code $share/<group>/…}), or one replica reads everything ({@code shareGroup: none}).</li>
 *   <li>{@link Mode#STATIC}: replica {@code index} of {@code count} holds plain subscriptions on
 *       {@code stations/<code>/+} for the stations whose stable hash modulo {@code count} is {@code index}. Plain
 *       subscriptions are kept with the persistent session across a broker restart (Mosquitto 2.0 forgets shared
 *       ones), so no message published before the replica re-subscribes is lost.</li>
 * </ul>
 */
public record StationAssignment(Mode mode, int index, int count) {

    /** See the class comment. */
    public enum Mode { SHARED, STATIC }

    public StationAssignment {
        if (mode == null) {
            throw new IllegalArgumentException("mode");
        }
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("replica index must be 0.." + (count - 1) + ": " + index);
        }
    }

    public static StationAssignment shared() {
        return new StationAssignment(Mode.SHARED, 0, 1);
    }

    public static StationAssignment fixed(int index, int count) {
        return new StationAssignment(Mode.STATIC, index, count);
    }

    /** Whether this replica reads the station (always, when the broker does the splitting). */
    public boolean owns(String stationCode) {
        return mode == Mode.SHARED || bucket(stationCode, count) == index;
    }

    /**
     * The replica a station belongs to among {@code count}: CRC-32 of the UTF-8 code, modulo count. Fixed by this
     * formula, not by the JVM or the catalog's order, so that every replica (and every version) agrees.
     */
    public static int bucket(String stationCode, int count) {
        CRC32 crc = new CRC32();
        crc.update(stationCode.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    @Override
    public String toString() {
        return mode == Mode.SHARED ? "shared" : "static " + index + " of " + count;
    }
}
