package org.quantrac.alerting.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.quantrac.alerting.rules.Evaluator;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.core.record.Topics;

/**
 * Configuration of the alerting role; every key is under {@code alerting.} (plus the shared {@code kafka.*} and
 * {@code db.*}).
 *
 * @param topic             readings topic it judges ({@code Observation} records)
 * @param alertsTopic       where state changes are published ({@code AlertChange} records)
 * @param groupId           its own consumer group, independent of the processor's; also the key of stored offsets
 * @param instanceId        static group membership ({@code group.instance.id}): a replica restarted with the same id
 *                          takes its partitions back at once instead of after the dead member's session timeout
 * @param warmup            how far back the readings are replayed after a start to rebuild windows (longer than the
 *                          longest window plus the longest duration of the rules)
 * @param offlineCheck      how often the offline timer runs
 * @param lateData          how far behind a station's newest reading a late reading is still re-judged (its readings
 *                          are kept in memory this long plus the longest window); older ones are ignored
 * @param rulesFile         a rule file replacing the built-in QCVN defaults
 * @param subscriptionsFile notification subscriptions and station groups
 * @param aqiTable          the stream processor's hourly AQI table that AQI rules read (optionally schema-qualified)
 * @param aqiIndex          which index of it ({@code index_kind}): VN_AQI or US_AQI
 * @param aqiPoll           how often new AQI rows are read
 */
public record AlertingConfig(String topic, String alertsTopic, String groupId, Optional<String> instanceId,
                             String schema, boolean migrate,
                             Duration warmup, Duration offlineCheck, Duration lateData, Optional<Path> rulesFile,
                             Optional<Path> subscriptionsFile, String opsHost, int opsPort, Duration startTimeout,
                             ApiConfig api, NotifyConfig notifications, Optional<SmtpConfig> smtp, KafkaConfig kafka,
                             DatabaseConfig database, String aqiTable, String aqiIndex, Duration aqiPoll) {

    public static AlertingConfig from(ConfigSource c) {
        String schema = c.string("alerting.schema", "public");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException("configuration alerting.schema = '" + schema
                    + "' is invalid: expected a lower-case SQL identifier such as public or quantrac");
        }
        Optional<Path> rules = c.optional("alerting.rules.file").map(Path::of);
        Optional<Path> subscriptions = c.optional("alerting.subscriptions.file").map(Path::of);
        rules.ifPresent(p -> exists(p, "alerting.rules.file"));
        subscriptions.ifPresent(p -> exists(p, "alerting.subscriptions.file"));
        return new AlertingConfig(
                c.string("alerting.topic", Topics.READINGS),
                c.string("alerting.alertsTopic", Topics.ALERTS),
                c.string("alerting.groupId", "quantrac-alerting"),
                c.optional("alerting.instanceId"),
                schema,
                c.bool("alerting.migrate", true),
                c.duration("alerting.warmup", Duration.ofHours(25), Duration.ZERO, Duration.ofDays(7)),
                c.duration("alerting.offlineCheck", Duration.ofSeconds(1), Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                c.duration("alerting.lateData", Evaluator.DEFAULT_LATE_HORIZON, Duration.ZERO, Duration.ofDays(7)),
                rules, subscriptions,
                c.string("alerting.ops.host", "0.0.0.0"),
                c.integer("alerting.ops.port", 9404, 0, 65535),
                c.duration("alerting.startTimeout", Duration.ofSeconds(60), Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                ApiConfig.from(c),
                NotifyConfig.from(c),
                SmtpConfig.from(c),
                KafkaConfig.from(c),
                DatabaseConfig.from(c),
                aqiTable(c.string("alerting.aqi.table", "aqi_hourly")),
                aqiIndex(c.string("alerting.aqi.index", "VN_AQI")),
                c.duration("alerting.aqi.poll", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)));
    }

    private static String aqiTable(String t) {
        if (!t.matches("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException("configuration alerting.aqi.table = '" + t + "' is invalid: expected a table "
                    + "name such as aqi_hourly or quantrac.aqi_hourly");
        }
        return t;
    }

    private static String aqiIndex(String i) {
        if (!i.equals("VN_AQI") && !i.equals("US_AQI")) {
            throw new ConfigException("configuration alerting.aqi.index = '" + i + "' is invalid: expected VN_AQI "
                    + "or US_AQI");
        }
        return i;
    }

    private static void exists(Path p, String key) {
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new ConfigException("configuration " + key + " = '" + p + "' is invalid: the file does not exist");
        }
    }

    /** The database settings with connections defaulting to {@link #schema()} (TimescaleDB's functions stay found). */
    public DatabaseConfig schemaDatabase() {
        return database.inSchema(schema);
    }
}
