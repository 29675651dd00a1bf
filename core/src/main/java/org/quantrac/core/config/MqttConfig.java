package org.quantrac.core.config;

/**
 * An MQTT broker connection.
 *
 * @param serverUri tcp://host:port or ssl://host:port
 * @param trustStore path of a PKCS12/JKS trust store for TLS, or empty
 */
public record MqttConfig(String serverUri, String username, String password, String trustStore,
                         String trustStorePassword) {

    public static MqttConfig from(ConfigSource c, String prefix, String defaultUser) {
        String uri = c.string(prefix + ".serverUri", "tcp://127.0.0.1:18830");
        if (!uri.matches("(tcp|ssl|ws|wss)://[^:/\\s]+:\\d+")) {
            throw new ConfigException("configuration " + prefix + ".serverUri = '" + uri
                    + "' is invalid: expected tcp://host:port or ssl://host:port");
        }
        return new MqttConfig(uri, c.string(prefix + ".username", defaultUser), c.string(prefix + ".password", ""),
                c.string(prefix + ".trustStore", ""), c.string(prefix + ".trustStorePassword", ""));
    }

    @Override
    public String toString() {
        return "MqttConfig[serverUri=" + serverUri + ", username=" + username + ", password=****]";
    }
}
