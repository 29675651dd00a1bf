package org.quantrac.processor.config;

import java.time.Duration;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.core.record.Topics;
import org.quantrac.processor.rollup.RollupConfig;

/**
 * Configuration of the stream processor role.
 *
 * @param topic          readings topic ({@code Observation} records)
 * @param groupId        Kafka consumer group; also the key of the stored offsets in {@code ingest_offset}
 * @param consumers      consumer loops in this process (each its own Kafka consumer, database connection and COPY
 *                       stream; they share the topic's partitions like separate processes would); default
 *                       {@link #DEFAULT_CONSUMERS}
 * @param batchSize      rows per database transaction (a batch is written when it reaches this size …)
 * @param linger         … or when its first record has waited this long
 * @param schema         database schema of the tables
 * @param migrate        whether to run the schema migration and catalog seed at start
 * @param opsHost        interface of the /metrics and /health server
 * @param opsPort        its port (0 = any free port)
 * @param retryGiveUpAfter how long transient database errors are retried (with backoff) before the processor fails
 * @param startTimeout   how long start may wait for the database and the first partition assignment
 * @param sessionTimeout how soon the group notices a processor that died without leaving (kill -9, lost node) and
 *                       gives its partitions to the others
 * @param seriesQc       whether spike and flatline checks run (limits in series-limits.yaml)
 * @param latestFlush    how often the newest stored reading of each series is written to {@code reading_latest}
 * @param rollup         hourly/daily rollups and AQI maintenance
 */
public record ProcessorConfig(String topic, String groupId, int consumers, int batchSize, Duration linger, String schema,
                              boolean migrate, String opsHost, int opsPort, Duration retryGiveUpAfter,
                              Duration startTimeout, Duration sessionTimeout, boolean seriesQc, Duration latestFlush,
                              RollupConfig rollup,
                              KafkaConfig kafka, DatabaseConfig database) {

    /**
     * Two COPY streams: working off a backlog (after a database outage, a restart, a burst) one stream keeps one
     * PostgreSQL backend on one core while the other core idles; two drained a 3,000,000-reading backlog 1.3–2.2×
     * faster on the 2-core reference machine (docs/processor.md, ninth pass). At a steady load they cost nothing
     * measurable.
     */
    public static final int DEFAULT_CONSUMERS = 2;

    public static ProcessorConfig from(ConfigSource c) {
        String schema = c.string("processor.schema", "public");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException("configuration processor.schema = '" + schema
                    + "' is invalid: expected a lower-case SQL identifier such as public or quantrac");
        }
        return new ProcessorConfig(
                c.string("processor.topic", Topics.READINGS),
                c.string("processor.groupId", "quantrac-processor"),
                c.integer("processor.consumers", DEFAULT_CONSUMERS, 1, 64),
                c.integer("processor.batchSize", 10_000, 1, 1_000_000),
                c.duration("processor.linger", Duration.ofMillis(50), Duration.ZERO, Duration.ofMinutes(1)),
                schema,
                c.bool("processor.migrate", true),
                c.string("processor.ops.host", "0.0.0.0"),
                c.integer("processor.ops.port", 9403, 0, 65535),
                c.duration("processor.retry.giveUpAfter", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(1)),
                c.duration("processor.startTimeout", Duration.ofSeconds(60), Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                // Kafka's default is 45 s; a crashed processor's partitions should move sooner than that.
                c.duration("processor.kafka.sessionTimeout", Duration.ofSeconds(15), Duration.ofSeconds(6),
                        Duration.ofMinutes(30)),
                c.bool("processor.qc.series", true),
                // one upsert of at most one row per series each time: the portal's latest values lag by about this
                c.duration("processor.latestFlush", Duration.ofSeconds(2), Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                RollupConfig.from(c),
                KafkaConfig.from(c),
                DatabaseConfig.from(c));
    }

    /** The database settings with connections defaulting to {@link #schema()} (TimescaleDB's functions stay found). */
    public DatabaseConfig schemaDatabase() {
        return database.inSchema(schema);
    }

    /** A copy with another topic, group and schema (tests, benchmarks). */
    public ProcessorConfig with(String newTopic, String newGroupId, DatabaseConfig newDatabase, String newSchema) {
        return new ProcessorConfig(newTopic, newGroupId, consumers, batchSize, linger, newSchema, migrate, opsHost, opsPort,
                retryGiveUpAfter, startTimeout, sessionTimeout, seriesQc, latestFlush, rollup, kafka, newDatabase);
    }

    /** A copy with other rollup settings (tests). */
    public ProcessorConfig withRollup(RollupConfig newRollup) {
        return new ProcessorConfig(topic, groupId, consumers, batchSize, linger, schema, migrate, opsHost, opsPort,
                retryGiveUpAfter, startTimeout, sessionTimeout, seriesQc, latestFlush, newRollup, kafka, database);
    }
}
