package org.quantrac.simulator.mqtt;

/** The MQTT client library behind the simulator's connections ({@code simulator.mqtt.client}). */
public enum MqttClientLibrary {
    /** Eclipse Paho (MQTT 5 and 3.1.1): the default. */
    PAHO,
    /**
     * Vert.x MQTT (MQTT 3.1.1 only, {@code tcp://} and {@code ssl://}): Netty encodes and decodes on a few event loops,
     * where Paho hands every publish and PUBACK across three threads per connection.
     */
    VERTX
}
