package org.quantrac.simulator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.MqttConfig;
import org.quantrac.simulator.mqtt.MqttClientLibrary;
import org.quantrac.simulator.mqtt.MqttProtocol;
import org.quantrac.simulator.mqtt.MqttSettings;

/**
 * The simulator's configuration; every key below {@code simulator.}, defaults in code.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><td>simulator.mqtt.serverUri</td><td>tcp://127.0.0.1:18830</td></tr>
 * <tr><td>simulator.mqtt.connection</td><td>per-station | multiplexed (per-station)</td></tr>
 * <tr><td>simulator.mqtt.username</td><td>gateway user of multiplexed mode (quantrac-gateway)</td></tr>
 * <tr><td>simulator.mqtt.password</td><td>its password (else from the credentials file)</td></tr>
 * <tr><td>simulator.mqtt.gatewayConnections</td><td>2</td></tr>
 * <tr><td>simulator.mqtt.clientIdPrefix</td><td>quantrac-sim</td></tr>
 * <tr><td>simulator.mqtt.window</td><td>QoS 1 publishes in flight per connection (16)</td></tr>
 * <tr><td>simulator.mqtt.connectTimeout / publishTimeout</td><td>10s / 60s</td></tr>
 * <tr><td>simulator.mqtt.protocolVersion</td><td>5 (MQTT 5) | 3 (MQTT 3.1.1, for brokers without 5) (5)</td></tr>
 * <tr><td>simulator.mqtt.client</td><td>paho | vertx (paho); vertx speaks MQTT 3.1.1 only (protocolVersion 3),
 *     over tcp:// or ssl://</td></tr>
 * <tr><td>simulator.mqtt.observationsPerMessage</td><td>consecutive observations of a station packed into one
 *     message, as a datalogger uploading its backlog does (1); a backfill then runs station by station in blocks</td></tr>
 * <tr><td>simulator.credentialsFile</td><td>user=password lines; required for MQTT</td></tr>
 * <tr><td>simulator.seed</td><td>42</td></tr>
 * <tr><td>simulator.mode</td><td>auto | real-time | accelerated | backfill (auto)</td></tr>
 * <tr><td>simulator.speed</td><td>simulated seconds per wall second (1)</td></tr>
 * <tr><td>simulator.capAtNow</td><td>accelerated: switch to real time on reaching the present (true);
 *     without simulator.from an accelerated run starts 24 h ago</td></tr>
 * <tr><td>simulator.protocol</td><td>mixed | mqtt | tt10 | files | opcua (mixed)</td></tr>
 * <tr><td>simulator.stations</td><td>all | N | CODE,CODE… (all)</td></tr>
 * <tr><td>simulator.from / simulator.to</td><td>ISO 8601 with offset; the simulated period [from, to)</td></tr>
 * <tr><td>simulator.truthFile</td><td>write the ground truth JSON there at the end</td></tr>
 * <tr><td>simulator.keepReadings</td><td>keep every reading in the truth (default: in backfill only)</td></tr>
 * <tr><td>simulator.maxInFlight</td><td>deliveries in flight over all stations (2000)</td></tr>
 * <tr><td>simulator.landingDir</td><td>TT10 file landing folder (TMPDIR/quantrac/landing)</td></tr>
 * <tr><td>simulator.scenario</td><td>scenario YAML (docs/scenarios.md)</td></tr>
 * <tr><td>simulator.faults</td><td>extra faults, {@code ;}-separated {@code key=value} words (CLI --fault)</td></tr>
 * <tr><td>simulator.scale.stations / parameters / rate / interval</td><td>scale mode (0 = off) / 6 / obs/s / 60s</td></tr>
 * <tr><td>simulator.opcua.*</td><td>see {@link OpcUaSettings}</td></tr>
 * </table>
 */
public record SimulatorConfig(MqttSettings mqtt, Connection connection, Optional<Path> credentialsFile,
                              Optional<String> gatewayPassword, long seed, TimeMode mode, double speed,
                              ProtocolChoice protocol, String stations, Optional<Instant> from, Optional<Instant> to,
                              Optional<Path> truthFile, boolean keepReadings, int maxInFlight, Path landingDir,
                              Optional<Path> scenario, Optional<String> faults, ScaleSettings scale,
                              OpcUaSettings opcua, boolean capAtNow) {

    public static SimulatorConfig from(ConfigSource c) {
        MqttConfig broker = MqttConfig.from(c, "simulator.mqtt", "quantrac-gateway");
        MqttProtocol mqttProtocol = MqttProtocol.fromVersion("simulator.mqtt.protocolVersion",
                c.integer("simulator.mqtt.protocolVersion", 5, 3, 5));
        MqttSettings mqtt = new MqttSettings(broker.serverUri(),
                c.string("simulator.mqtt.clientIdPrefix", "quantrac-sim"),
                c.integer("simulator.mqtt.window", 16, 1, 65_535),
                broker.username(),
                c.integer("simulator.mqtt.gatewayConnections", 2, 1, 64),
                c.duration("simulator.mqtt.connectTimeout", Duration.ofSeconds(10), Duration.ofSeconds(1),
                        Duration.ofMinutes(5)),
                c.duration("simulator.mqtt.publishTimeout", Duration.ofSeconds(60), Duration.ofSeconds(1),
                        Duration.ofDays(1)),
                mqttProtocol,
                c.integer("simulator.mqtt.observationsPerMessage", 1, 1, 50),
                client(c, mqttProtocol, broker.serverUri()));
        Connection connection = c.enumValue("simulator.mqtt.connection", Connection.class, Connection.PER_STATION);
        Optional<Path> credentials = c.optional("simulator.credentialsFile").map(Path::of);
        Optional<String> gatewayPassword = Optional.of(broker.password()).filter(p -> !p.isEmpty());

        String seedText = c.string("simulator.seed", "42");
        long seed;
        try {
            seed = Long.parseLong(seedText.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("configuration simulator.seed = '" + seedText + "' is invalid: expected a whole"
                    + " number");
        }
        TimeMode mode = c.enumValue("simulator.mode", TimeMode.class, TimeMode.AUTO);
        double speed = c.decimal("simulator.speed", 1.0, 0.001, 1_000_000);
        ProtocolChoice protocol = c.enumValue("simulator.protocol", ProtocolChoice.class, ProtocolChoice.MIXED);
        String stations = c.string("simulator.stations", "all").trim();
        if (!stations.equalsIgnoreCase("all") && !stations.matches("\\d+") && !stations.matches("[^,\\s]+(,[^,\\s]+)*")) {
            throw new ConfigException("configuration simulator.stations = '" + stations
                    + "' is invalid: expected all, a number or a comma-separated list of station codes");
        }
        Optional<Instant> from = c.optional("simulator.from").map(v -> instant("simulator.from", v));
        Optional<Instant> to = c.optional("simulator.to").map(v -> instant("simulator.to", v));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new ConfigException("configuration simulator.from (" + from.get() + ") must be before simulator.to ("
                    + to.get() + ")");
        }
        TimeMode effective = effectiveMode(mode, speed, from, to);
        if (effective == TimeMode.BACKFILL && (from.isEmpty() || to.isEmpty())) {
            throw new ConfigException("backfill mode needs simulator.from and simulator.to (the simulated period)");
        }
        Optional<Path> truthFile = c.optional("simulator.truthFile").map(Path::of);
        boolean keepReadings = c.bool("simulator.keepReadings", effective == TimeMode.BACKFILL);
        int maxInFlight = c.integer("simulator.maxInFlight", 2000, 1, 1_000_000);
        Path landingDir = Path.of(c.string("simulator.landingDir",
                Path.of(System.getProperty("java.io.tmpdir"), "quantrac", "landing").toString()));
        Optional<Path> scenario = c.optional("simulator.scenario").map(Path::of);
        Optional<String> faults = c.optional("simulator.faults");
        return new SimulatorConfig(mqtt, connection, credentials, gatewayPassword, seed, effective, speed, protocol,
                stations, from, to, truthFile, keepReadings, maxInFlight, landingDir, scenario, faults,
                ScaleSettings.from(c), OpcUaSettings.from(c), c.bool("simulator.capAtNow", true));
    }

    /** {@code simulator.mqtt.client}: paho, or vertx, which speaks MQTT 3.1.1 over tcp:// or ssl:// only. */
    private static MqttClientLibrary client(ConfigSource c, MqttProtocol protocol, String serverUri) {
        MqttClientLibrary client = c.enumValue("simulator.mqtt.client", MqttClientLibrary.class,
                MqttClientLibrary.PAHO);
        if (client == MqttClientLibrary.VERTX && protocol != MqttProtocol.V3_1_1) {
            throw new ConfigException("configuration simulator.mqtt.client = vertx needs simulator.mqtt.protocolVersion"
                    + " = 3: the Vert.x MQTT client speaks MQTT 3.1.1 only (protocolVersion is 5, the default);"
                    + " set simulator.mqtt.protocolVersion: 3 or simulator.mqtt.client: paho");
        }
        if (client == MqttClientLibrary.VERTX && !serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new ConfigException("configuration simulator.mqtt.client = vertx supports tcp:// and ssl:// brokers"
                    + " only, not " + serverUri + "; use simulator.mqtt.client: paho");
        }
        return client;
    }

    private static TimeMode effectiveMode(TimeMode mode, double speed, Optional<Instant> from, Optional<Instant> to) {
        if (mode != TimeMode.AUTO) {
            return mode;
        }
        if (from.isPresent() && to.isPresent()) {
            return TimeMode.BACKFILL;
        }
        // A start in the past without an end is a replay at the given speed, even at speed 1.
        return speed == 1.0 && from.isEmpty() ? TimeMode.REAL_TIME : TimeMode.ACCELERATED;
    }

    /** An instant with an explicit offset ({@code 2026-11-28T07:00:00+07:00} or {@code …Z}). */
    static Instant instant(String key, String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException("configuration " + key + " = '" + text + "' is invalid: expected ISO 8601 with"
                    + " an offset, e.g. 2026-11-28T07:00:00+07:00 or 2026-11-28T00:00:00Z");
        }
    }

    /** The same configuration over another simulated period, in backfill mode. */
    public SimulatorConfig backfill(Instant periodFrom, Instant periodTo) {
        return new SimulatorConfig(mqtt, connection, credentialsFile, gatewayPassword, seed, TimeMode.BACKFILL, speed,
                protocol, stations, Optional.of(periodFrom), Optional.of(periodTo), truthFile, keepReadings,
                maxInFlight, landingDir, scenario, faults, scale, opcua, capAtNow);
    }
}
