package org.quantrac.connectors.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.quantrac.connectors.buffer.BufferSettings;
import org.quantrac.connectors.files.FileDropSettings;
import org.quantrac.connectors.kafka.ProducerTuning;
import org.quantrac.connectors.mapper.IngestRules;
import org.quantrac.connectors.mqtt.MqttConnectorSettings;
import org.quantrac.connectors.mqtt.MqttProtocol;
import org.quantrac.connectors.mqtt.StationAssignment;
import org.quantrac.connectors.mqtt.StationTopic;
import org.quantrac.connectors.opcua.OpcUaSettings;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.core.config.MqttConfig;

/**
 * Everything the connectors role reads from configuration (keys in {@link #from}).
 *
 * @param createTopics      create missing topics at start (partitions, replication below)
 * @param producer          producer timing
 * @param buffer            store-and-forward buffer for when Kafka is away
 * @param healthInterval    how often HEALTH station events are written
 * @param opsHost           where /metrics and /health listen
 * @param opsPort           0 picks a free port
 * @param kafkaStartWait    how long start waits for Kafka to answer before it fails (readiness false meanwhile)
 */
public record ConnectorsConfig(boolean mqttEnabled, MqttConnectorSettings mqtt, FileDropSettings files,
                               OpcUaSettings opcua, KafkaConfig kafka, ConnectorTopics topics,
                               IngestRules rules, boolean createTopics, int topicPartitions, short topicReplication,
                               ProducerTuning producer, BufferSettings buffer, Duration healthInterval, String opsHost,
                               int opsPort, Duration kafkaStartWait) {

    /** Default of {@code connectors.kafka.startWait}. */
    public static final Duration DEFAULT_KAFKA_START_WAIT = Duration.ofMinutes(2);

    public ConnectorsConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(opcua, "opcua");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(opsHost, "opsHost");
        Objects.requireNonNull(kafkaStartWait, "kafkaStartWait");
    }

    /** With the default {@code connectors.kafka.startWait}. */
    public ConnectorsConfig(boolean mqttEnabled, MqttConnectorSettings mqtt, FileDropSettings files,
                            OpcUaSettings opcua, KafkaConfig kafka, ConnectorTopics topics,
                            IngestRules rules, boolean createTopics, int topicPartitions, short topicReplication,
                            ProducerTuning producer, BufferSettings buffer, Duration healthInterval, String opsHost,
                            int opsPort) {
        this(mqttEnabled, mqtt, files, opcua, kafka, topics, rules, createTopics, topicPartitions, topicReplication,
                producer, buffer, healthInterval, opsHost, opsPort, DEFAULT_KAFKA_START_WAIT);
    }

    /**
     * Keys: {@code connectors.mqtt.enabled} (true), {@code connectors.mqtt.serverUri/username/password/trustStore/trustStorePassword} (user default
     * {@code quantrac-connector}), {@code connectors.mqtt.clientId} (default {@code quantrac-connector-<host>}),
     * {@code connectors.mqtt.shareGroup} ({@code quantrac-connectors}), {@code connectors.mqtt.sessionExpiry} (1d),
     * {@code connectors.mqtt.receiveMaximum} (1000), {@code connectors.mqtt.keepAlive} (30s),
     * {@code connectors.mqtt.protocolVersion} (5, or 3 = MQTT 3.1.1, whose default shareGroup is {@code none}),
     * {@code connectors.mqtt.client} (paho, or vertx with protocolVersion 3),
     * {@code connectors.mqtt.assignment} (shared, or static with {@code replicas} and {@code replicaIndex}),
     * {@code kafka.bootstrapServers}, {@code kafka.clientIdPrefix}, {@code connectors.kafka.linger} (5ms),
     * {@code connectors.kafka.maxBlock} (30s), {@code connectors.kafka.deliveryTimeout} (60s), {@code connectors.kafka.compression} (none),
     * {@code connectors.kafka.startWait} (2m),
     * {@code connectors.buffer.enabled} (true), {@code connectors.buffer.dir}
     * (~/.local/state/quantrac/connector-buffer/&lt;clientId&gt;), {@code connectors.buffer.maxMegabytes} (1024),
     * {@code connectors.topics.readings/dlq/stationEvents}, {@code connectors.topics.create} (true),
     * {@code connectors.topics.partitions} (6), {@code connectors.topics.replication} (1),
     * {@code connectors.tt10.zone} (Asia/Ho_Chi_Minh), {@code connectors.maxPayloadBytes} (65536),
     * {@code connectors.maxFuture} (5m), {@code connectors.maxAge} (365d), {@code connectors.ops.host}
     * (127.0.0.1), {@code connectors.ops.port} (9102), {@code connectors.files.enabled} (false),
     * {@code connectors.files.landingDir} (required when enabled), {@code connectors.files.namePattern}
     * ({@link FileDropSettings#DEFAULT_PATTERN}), {@code connectors.files.poll} (5s), {@code connectors.files.settle}
     * (10s), {@code connectors.opcua.enabled} (false), {@code connectors.opcua.mappingFile} (required when enabled),
     * {@code connectors.opcua.startWait} (15s), {@code connectors.opcua.keyStore}
     * (~/.local/state/quantrac/opcua/connector.p12), {@code connectors.opcua.keyStorePassword},
     * {@code connectors.opcua.trustStore}, {@code connectors.opcua.trustStorePassword},
     * {@code connectors.health.interval} (1m).
     */
    public static ConnectorsConfig from(ConfigSource c) {
        MqttConfig broker = MqttConfig.from(c, "connectors.mqtt", "quantrac-connector");
        String clientId = c.string("connectors.mqtt.clientId", "quantrac-connector-" + hostName());
        if (clientId.isBlank() || clientId.length() > 128) {
            throw new ConfigException("configuration connectors.mqtt.clientId = '" + clientId
                    + "' is invalid: expected 1 to 128 characters, fixed per replica");
        }
        String protocolText = c.string("connectors.mqtt.protocolVersion", "5");
        MqttProtocol protocol = MqttProtocol.parse(protocolText).orElseThrow(() -> new ConfigException(
                "configuration connectors.mqtt.protocolVersion = '" + protocolText
                        + "' is invalid: expected 5 (MQTT 5) or 3 (MQTT 3.1.1)"));
        StationAssignment assignment = assignment(c);
        boolean fixed = assignment.mode() == StationAssignment.Mode.STATIC;
        // Shared subscriptions are an MQTT 5 feature: with 3.1.1 the connector subscribes without sharing.
        String group = c.string("connectors.mqtt.shareGroup",
                protocol == MqttProtocol.V5 && !fixed ? "quantrac-connectors" : StationTopic.NO_SHARING);
        if (!group.matches("[^/+#\\s]+")) {
            throw new ConfigException("configuration connectors.mqtt.shareGroup = '" + group
                    + "' is invalid: expected a name without '/', '+', '#' or spaces");
        }
        if (fixed && !StationTopic.NO_SHARING.equals(group)) {
            throw new ConfigException("configuration connectors.mqtt.shareGroup = '" + group
                    + "' is invalid with connectors.mqtt.assignment = static: each replica reads its own stations"
                    + " through plain subscriptions; remove shareGroup (or set it to none)");
        }
        if (protocol == MqttProtocol.V3_1_1 && !StationTopic.NO_SHARING.equals(group)) {
            throw new ConfigException("configuration connectors.mqtt.shareGroup = '" + group
                    + "' is invalid with connectors.mqtt.protocolVersion = 3: shared subscriptions ($share/…) need"
                    + " MQTT 5; use shareGroup = none (one replica) or protocolVersion = 5");
        }
        MqttConnectorSettings mqtt = new MqttConnectorSettings(broker, clientId, group,
                c.duration("connectors.mqtt.sessionExpiry", Duration.ofDays(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(0xFFFFFFFEL)),
                c.integer("connectors.mqtt.receiveMaximum", 1000, 1, 65535),
                c.duration("connectors.mqtt.keepAlive", Duration.ofSeconds(30), Duration.ofSeconds(5),
                        Duration.ofMinutes(10)), protocol, assignment, client(c, protocol, broker));
        String zoneText = c.string("connectors.tt10.zone", IngestRules.DEFAULT_TT10_ZONE.getId());
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new ConfigException("configuration connectors.tt10.zone = '" + zoneText
                    + "' is invalid: expected a time zone id such as Asia/Ho_Chi_Minh");
        }
        IngestRules rules = new IngestRules(
                c.integer("connectors.maxPayloadBytes", IngestRules.DEFAULT_MAX_PAYLOAD_BYTES, 256, 16 * 1024 * 1024),
                zone,
                c.duration("connectors.maxFuture", IngestRules.DEFAULT_MAX_FUTURE, Duration.ZERO, Duration.ofDays(1)),
                c.duration("connectors.maxAge", IngestRules.DEFAULT_MAX_AGE, Duration.ofHours(1),
                        Duration.ofDays(36500)));
        return new ConnectorsConfig(c.bool("connectors.mqtt.enabled", true), mqtt, files(c), opcua(c),
                KafkaConfig.from(c), ConnectorTopics.from(c), rules,
                c.bool("connectors.topics.create", true),
                c.integer("connectors.topics.partitions", 6, 1, 1000),
                (short) c.integer("connectors.topics.replication", 1, 1, 7),
                new ProducerTuning(
                        c.duration("connectors.kafka.linger", Duration.ofMillis(5), Duration.ZERO, Duration.ofSeconds(1)),
                        c.duration("connectors.kafka.maxBlock", Duration.ofSeconds(30), Duration.ofMillis(100),
                                Duration.ofMinutes(10)),
                        c.duration("connectors.kafka.deliveryTimeout", Duration.ofSeconds(60), Duration.ofSeconds(2),
                                Duration.ofMinutes(30)),
                        compression(c.string("connectors.kafka.compression", ProducerTuning.DEFAULT_COMPRESSION))),
                new BufferSettings(c.bool("connectors.buffer.enabled", true),
                        Path.of(c.string("connectors.buffer.dir", Path.of(System.getProperty("user.home"), ".local",
                                "state", "quantrac", "connector-buffer", clientId).toString())),
                        c.integer("connectors.buffer.maxMegabytes", 1024, 1, 1024 * 1024) * 1024L * 1024L),
                c.duration("connectors.health.interval", Duration.ofMinutes(1), Duration.ofMillis(100),
                        Duration.ofHours(1)),
                c.string("connectors.ops.host", "127.0.0.1"),
                c.integer("connectors.ops.port", 9102, 0, 65535),
                c.duration("connectors.kafka.startWait", DEFAULT_KAFKA_START_WAIT, Duration.ZERO,
                        Duration.ofHours(1)));
    }

    /**
     * {@code connectors.mqtt.client}: hivemq (the default with MQTT 5), paho (MQTT 5 or 3.1.1; the default with 3.1.1)
     * or vertx (MQTT 3.1.1 over tcp:// or ssl:// only).
     */
    private static MqttConnectorSettings.Client client(ConfigSource c, MqttProtocol protocol, MqttConfig broker) {
        String text = c.string("connectors.mqtt.client", "").trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return MqttConnectorSettings.defaultClient(protocol);
        }
        if (text.equals("paho")) {
            return MqttConnectorSettings.Client.PAHO;
        }
        if (text.equals("hivemq")) {
            if (protocol != MqttProtocol.V5) {
                throw new ConfigException("configuration connectors.mqtt.client = hivemq needs"
                        + " connectors.mqtt.protocolVersion = 5 (protocolVersion is " + protocol
                        + "); use client = paho or vertx with MQTT 3.1.1");
            }
            return MqttConnectorSettings.Client.HIVEMQ;
        }
        if (!text.equals("vertx")) {
            throw new ConfigException("configuration connectors.mqtt.client = '" + text
                    + "' is invalid: expected hivemq, paho or vertx");
        }
        if (protocol != MqttProtocol.V3_1_1) {
            throw new ConfigException("configuration connectors.mqtt.client = vertx needs"
                    + " connectors.mqtt.protocolVersion = 3: the Vert.x MQTT client speaks MQTT 3.1.1 only"
                    + " (protocolVersion is " + protocol + ")");
        }
        if (!broker.serverUri().startsWith("tcp://") && !broker.serverUri().startsWith("ssl://")) {
            throw new ConfigException("configuration connectors.mqtt.client = vertx supports tcp:// and ssl:// brokers"
                    + " only, not " + broker.serverUri() + "; use client = paho");
        }
        return MqttConnectorSettings.Client.VERTX;
    }

    /**
     * {@code connectors.mqtt.assignment} (shared | static); with static, {@code connectors.mqtt.replicas} (required) and
     * {@code connectors.mqtt.replicaIndex} (default: the ordinal that ends the host name, as in a StatefulSet's
     * {@code quantrac-connectors-2}).
     */
    private static String compression(String type) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("none", "gzip", "snappy", "lz4", "zstd").contains(t)) {
            throw new ConfigException("configuration connectors.kafka.compression = '" + type
                    + "' is invalid: expected none, gzip, snappy, lz4 or zstd (Kafka's compression.type)");
        }
        return t;
    }

    private static StationAssignment assignment(ConfigSource c) {
        String mode = c.string("connectors.mqtt.assignment", "shared");
        if (mode.equalsIgnoreCase("shared")) {
            return StationAssignment.shared();
        }
        if (!mode.equalsIgnoreCase("static")) {
            throw new ConfigException("configuration connectors.mqtt.assignment = '" + mode
                    + "' is invalid: expected shared (the broker splits, $share/…) or static (by replica index)");
        }
        if (c.optional("connectors.mqtt.replicas").isEmpty()) {
            throw new ConfigException("configuration connectors.mqtt.replicas is required with"
                    + " connectors.mqtt.assignment = static: the number of connector replicas");
        }
        int count = c.integer("connectors.mqtt.replicas", 1, 1, 1000);
        Optional<String> ordinal = ordinalOf(hostName());
        if (c.optional("connectors.mqtt.replicaIndex").isEmpty() && ordinal.isEmpty()) {
            throw new ConfigException("configuration connectors.mqtt.replicaIndex is required with"
                    + " connectors.mqtt.assignment = static (0.." + (count - 1) + "), unless the host name ends in"
                    + " -<ordinal> as in a Kubernetes StatefulSet; host name here: " + hostName());
        }
        int index = c.integer("connectors.mqtt.replicaIndex", ordinal.map(Integer::parseInt).orElse(0), 0, 999);
        if (index >= count) {
            throw new ConfigException("configuration connectors.mqtt.replicaIndex = " + index + " is invalid with"
                    + " connectors.mqtt.replicas = " + count + ": expected 0.." + (count - 1));
        }
        return StationAssignment.fixed(index, count);
    }

    /** The trailing {@code -<n>} of a host name (a StatefulSet pod's ordinal). */
    static Optional<String> ordinalOf(String host) {
        Matcher m = Pattern.compile("-(\\d{1,3})$").matcher(host.split("\\.", 2)[0]);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static OpcUaSettings opcua(ConfigSource c) {
        boolean enabled = c.bool("connectors.opcua.enabled", false);
        String file = enabled ? c.required("connectors.opcua.mappingFile")
                : c.string("connectors.opcua.mappingFile", "opcua-mapping.yaml");
        return new OpcUaSettings(enabled, Path.of(file), c.duration("connectors.opcua.startWait",
                Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(10)),
                Path.of(c.string("connectors.opcua.keyStore", Path.of(System.getProperty("user.home"), ".local",
                        "state", "quantrac", "opcua", "connector.p12").toString())),
                c.string("connectors.opcua.keyStorePassword", ""),
                Path.of(c.string("connectors.opcua.trustStore", "opcua-trusted.p12")),
                c.string("connectors.opcua.trustStorePassword", ""));
    }

    private static FileDropSettings files(ConfigSource c) {
        boolean enabled = c.bool("connectors.files.enabled", false);
        String landing = enabled ? c.required("connectors.files.landingDir")
                : c.string("connectors.files.landingDir", "landing");
        String patternText = c.string("connectors.files.namePattern", FileDropSettings.DEFAULT_PATTERN);
        Pattern pattern;
        try {
            pattern = Pattern.compile(patternText);
        } catch (PatternSyntaxException e) {
            throw new ConfigException("configuration connectors.files.namePattern = '" + patternText
                    + "' is invalid: expected a regular expression with a group (?<station>…): " + e.getDescription());
        }
        if (!patternText.contains("(?<station>")) {
            throw new ConfigException("configuration connectors.files.namePattern = '" + patternText
                    + "' is invalid: expected a group (?<station>…) that captures the station code");
        }
        return new FileDropSettings(enabled, Path.of(landing), pattern,
                c.duration("connectors.files.poll", Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofHours(1)),
                c.duration("connectors.files.settle", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1)));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "local";
        }
    }
}
