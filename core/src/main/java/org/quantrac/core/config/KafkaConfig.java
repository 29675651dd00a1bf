package org.quantrac.core.config;

/**
 * Where Kafka is and how clients identify themselves.
 *
 * @param bootstrapServers host:port list
 * @param clientIdPrefix   prefix of every client id, e.g. the replica's name
 */
public record KafkaConfig(String bootstrapServers, String clientIdPrefix) {

    public static KafkaConfig from(ConfigSource c) {
        String servers = c.string("kafka.bootstrapServers", "127.0.0.1:19092");
        if (!servers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new ConfigException("configuration kafka.bootstrapServers = '" + servers
                    + "' is invalid: expected host:port[,host:port…]");
        }
        return new KafkaConfig(servers, c.string("kafka.clientIdPrefix", "quantrac"));
    }
}
