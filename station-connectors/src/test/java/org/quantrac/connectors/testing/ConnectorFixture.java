package org.quantrac.connectors.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.testing.TestServices;

/** Configuration of a connector of its own for one test: own topics, client id and shared-subscription group. */
public final class ConnectorFixture {

    public final String readings = TestServices.unique("it_readings");
    public final String dlq = TestServices.unique("it_dlq");
    public final String events = TestServices.unique("it_events");
    public final String clientId = TestServices.unique("it-connector");
    public final String group = TestServices.unique("it-group");
    public final Path bufferDir;

    public ConnectorFixture() {
        try {
            // Under target/, so that `mvn clean` removes what the tests leave.
            bufferDir = Files.createDirectories(Path.of("target", "connector-buffers", clientId)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> keys() {
        Map<String, String> k = new HashMap<>();
        k.put("connectors.mqtt.serverUri", TestServices.mqtt());
        k.put("connectors.mqtt.username", "quantrac-connector");
        k.put("connectors.mqtt.password", TestServices.mqttCredentials().getProperty("quantrac-connector"));
        k.put("connectors.mqtt.clientId", clientId);
        k.put("connectors.mqtt.shareGroup", group);
        // Short, so the broker does not queue for a test's session long after the test.
        k.put("connectors.mqtt.sessionExpiry", "60s");
        k.put("kafka.bootstrapServers", TestServices.kafka());
        k.put("connectors.topics.readings", readings);
        k.put("connectors.topics.dlq", dlq);
        k.put("connectors.topics.stationEvents", events);
        k.put("connectors.topics.partitions", "3");
        k.put("connectors.ops.port", "0");
        k.put("connectors.buffer.dir", bufferDir.toString());
        k.put("connectors.health.interval", "500ms");
        return k;
    }

    public ConnectorsConfig config() {
        ConfigSource source = ConfigSource.of(keys());
        ConnectorsConfig config = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return config;
    }
}
