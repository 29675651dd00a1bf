package org.quantrac.connectors.mqtt;

import java.util.Locale;
import java.util.Optional;

/** The MQTT protocol version the connector speaks to the broker ({@code connectors.mqtt.protocolVersion}). */
public enum MqttProtocol {
    /** MQTT 5: shared subscriptions, receive maximum, session expiry. */
    V5,
    /** MQTT 3.1.1, for brokers without MQTT 5 (e.g. Moquette): plain subscriptions only. */
    V3_1_1;

    /** {@code 5} or {@code 3} (also {@code 3.1.1}); anything else is empty. */
    public static Optional<MqttProtocol> parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "5": case "5.0": case "v5": return Optional.of(V5);
            case "3": case "3.1.1": case "v3": case "4": return Optional.of(V3_1_1);
            default: return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return this == V5 ? "5" : "3.1.1";
    }
}
