package org.quantrac.simulator.mqtt;

import org.quantrac.core.config.ConfigException;

/** The MQTT protocol version the simulator speaks ({@code simulator.mqtt.protocolVersion}). */
public enum MqttProtocol {
    /** MQTT 3.1.1 (Paho's mqttv3 client): for brokers without MQTT 5, such as the demo's embedded Moquette. */
    V3_1_1,
    /** MQTT 5 (Paho's mqttv5 client): PUBACK reason codes tell an ACL refusal from a delivery. */
    V5;

    /** {@code 3} or {@code 5}, as the configuration writes it. */
    public static MqttProtocol fromVersion(String key, int version) {
        return switch (version) {
            case 3 -> V3_1_1;
            case 5 -> V5;
            default -> throw new ConfigException("configuration " + key + " = " + version
                    + " is invalid: expected 3 (MQTT 3.1.1) or 5 (MQTT 5)");
        };
    }
}
