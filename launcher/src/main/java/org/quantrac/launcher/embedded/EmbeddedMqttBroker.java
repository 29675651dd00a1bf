package org.quantrac.launcher.embedded;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1.1 broker (Moquette) inside this JVM on a loopback port, with the same users and rules as the
 * repository's Mosquitto: every user logs in with its password, a station publishes only below
 * {@code stations/<its code>/}, the gateway user below all of {@code stations/}, and only the reader users (the
 * connector) subscribe. Messages live in memory: the broker lives as long as the demo. {@link #start} returns once
 * the port accepts connections; {@link #close} may be called more than once.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final Server server;
    private final int port;
    private boolean closed;

    private EmbeddedMqttBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param passwords   user → password of every user that may log in
     * @param readers     users that may subscribe to {@code stations/#}
     * @param gatewayUser the user that may publish for every station
     */
    public static EmbeddedMqttBroker start(Map<String, String> passwords, Set<String> readers, String gatewayUser)
            throws IOException {
        int port = Ports.free();
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        // Moquette opens a websocket port 8080 by default: the portal's.
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // Moquette reports usage to its authors unless told not to; the demo talks to nobody outside the machine.
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(256 * 1024));
        p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, Integer.toString(BrokerConstants.IMMEDIATE_BUFFER_FLUSH));
        // Moquette's per-event-loop command queue (default 1024) refuses publishes when full ("Session command queue 1
        // is full executing action PUB QoS1"): the demo's backfill lost 4 publishes that way once, on a loaded machine
        // (EmbeddedDemoIT). A larger queue is a few hundred KiB more memory.
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, "32768");
        Server server = new Server();
        server.startServer(new MemoryConfig(p), List.of(), null, new Passwords(passwords),
                new StationAcl(readers, gatewayUser));
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(server, port);
        if (!Ports.inUse(port)) {
            broker.close();
            throw new IOException("the embedded MQTT broker does not accept connections on 127.0.0.1:" + port);
        }
        LOG.info("embedded MQTT 3.1.1 broker ready on {} ({} users)", broker.serverUri(), passwords.size());
        return broker;
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stopServer();
        LOG.info("embedded MQTT broker stopped");
    }

    private record Passwords(Map<String, String> passwords) implements IAuthenticator {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            String expected = username == null ? null : passwords.get(username);
            return expected != null && password != null
                    && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password);
        }
    }

    /** Mosquitto's ACL of scripts/services.sh, as code. */
    record StationAcl(Set<String> readers, String gatewayUser) implements IAuthorizatorPolicy {
        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            String t = topic.toString();
            return user != null && (user.equals(gatewayUser) && t.startsWith("stations/")
                    || t.startsWith("stations/" + user + "/"));
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            return user != null && readers.contains(user) && topic.toString().startsWith("stations/");
        }
    }
}
