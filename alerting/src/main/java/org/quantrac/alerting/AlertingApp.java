package org.quantrac.alerting;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.quantrac.alerting.api.AlertApi;
import org.quantrac.alerting.aqi.AqiSource;
import org.quantrac.alerting.config.AlertingConfig;
import org.quantrac.alerting.kafka.AlertPublisher;
import org.quantrac.alerting.kafka.EvaluationLoop;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertQueries;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.quantrac.alerting.notify.EmailSender;
import org.quantrac.alerting.notify.Messages;
import org.quantrac.alerting.notify.NotificationDispatcher;
import org.quantrac.alerting.notify.NotificationStore;
import org.quantrac.alerting.notify.Subscription;
import org.quantrac.alerting.notify.Subscriptions;
import org.quantrac.alerting.notify.WebhookSender;
import org.quantrac.alerting.rules.Evaluator;
import org.quantrac.alerting.rules.LiveRules;
import org.quantrac.alerting.rules.MaintenanceStore;
import org.quantrac.alerting.rules.OverrideStore;
import org.quantrac.alerting.rules.RuleBook;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting role, wired from its configuration: database pool (migrated), rules, the evaluation loop on its own
 * thread with its own consumer group on the readings topic, the alerts-topic publisher, the notification dispatcher,
 * the HTTP API and the /metrics and /health server.
 */
public final class AlertingApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertingApp.class);
    private static final Duration POLL_STALE = Duration.ofSeconds(30);

    private final AlertingConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private HikariDataSource dataSource;
    private EvaluationLoop loop;
    private Thread loopThread;
    private OpsServer ops;
    private AlertApi api;
    private LiveRules rules;

    private AlertingApp(AlertingConfig config) {
        this.config = config;
    }

    /**
     * Starts alerting and returns once it is ready: database migrated, consumer in its group with its partitions
     * sought for warm-up, API and ops server listening.
     *
     * @throws ConfigException       when the rules or subscriptions are invalid
     * @throws IllegalStateException when it cannot become ready within {@code alerting.startTimeout}
     */
    public static AlertingApp start(AlertingConfig config, StationCatalog catalog, PrometheusMeterRegistry registry) {
        return start(config, catalog, registry, Clock.systemUTC());
    }

    /**
     * Starts alerting on the given clock: the offline timer, offset and reconciliation periods and notification times
     * follow it. Production uses the system clock; the simulator scenario test runs alerting on simulated time.
     */
    static AlertingApp start(AlertingConfig config, StationCatalog catalog, PrometheusMeterRegistry registry,
                             Clock clock) {
        AlertingApp app = new AlertingApp(config);
        try {
            app.run(catalog, registry, clock);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void run(StationCatalog catalog, PrometheusMeterRegistry registry, Clock clock) {
        RuleBook data = config.rulesFile().map(RuleBook::load).orElseGet(RuleBook::defaults);
        Subscriptions subscriptions = config.subscriptionsFile()
                .map(f -> Subscriptions.load(f, System::getenv)).orElseGet(Subscriptions::none);
        if (config.smtp().isEmpty() && subscriptions.all().stream()
                .anyMatch(s -> s.channel() == Subscription.Channel.EMAIL)) {
            throw new ConfigException("e-mail subscriptions are configured but alerting.smtp.host is not set");
        }
        dataSource = Database.pool(config.schemaDatabase(), "alerting");
        resources.add(dataSource);
        if (config.migrate()) {
            SchemaMigration.migrate(dataSource, config.schema(), catalog);
        }
        try {
            rules = new LiveRules(data, new OverrideStore(dataSource), new MaintenanceStore(dataSource));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load rule overrides: " + e.getMessage(), e);
        }
        NotificationStore notifications = new NotificationStore(dataSource, catalog, subscriptions);
        AlertStore store = new AlertStore(dataSource, notifications);

        TopicSetup.ensure(config.kafka().bootstrapServers(), List.of(config.alertsTopic()));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(),
                new ByteArraySerializer(), new ByteArraySerializer());
        resources.add(0, producer);
        AlertPublisher publisher = new AlertPublisher(producer, config.alertsTopic(), store);
        resources.add(0, publisher);
        Messages messages = new Messages(catalog, rules);
        NotificationDispatcher dispatcher = new NotificationDispatcher(notifications, subscriptions,
                new WebhookSender(config.notifications().webhookTimeout(), catalog),
                config.smtp().map(s -> new EmailSender(s, messages)), config.notifications(), clock, registry);
        resources.add(0, dispatcher);

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Evaluator evaluator = new Evaluator(rules, rules::maintenance, config.lateData());
        loop = new EvaluationLoop(consumer, config.topic(), config.groupId(), catalog, evaluator, store,
                () -> {
                    publisher.nudge();
                    dispatcher.nudge();
                }, clock, config.warmup(), config.offlineCheck(), registry)
                .withAqi(new AqiSource(dataSource, store, evaluator, rules, config.aqiTable(), config.aqiIndex(),
                        config.groupId(), config.aqiPoll(), config.warmup()));
        loopThread = new Thread(loop, "alerting-" + config.topic());
        publisher.start();
        dispatcher.start();
        loopThread.start();
        try {
            if (!loop.awaitAssignment(config.startTimeout())) {
                Throwable cause = loop.failure();
                throw new IllegalStateException("alerting not ready within " + config.startTimeout()
                        + ": no partition assignment from Kafka at " + config.kafka().bootstrapServers()
                        + " for topic " + config.topic() + (cause == null ? "" : " (" + cause + ")"), cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting alerting", e);
        }
        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
        Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        readiness.put("database", this::databaseUp);
        readiness.put("kafka", () -> loop.polledWithin(POLL_STALE) && loop.failure() == null);
        ops = OpsServer.start(vertx, config.opsHost(), config.opsPort(), registry, readiness);
        resources.add(0, ops);
        if (config.api().enabled()) {
            api = AlertApi.start(vertx, config.api(), new AlertQueries(dataSource), store, rules, catalog,
                    (AlertEvent e) -> {
                        publisher.nudge();
                        dispatcher.nudge();
                        if (e.kind() == AlertEvent.Kind.RESOLVED) {
                            loop.resolvedByHand(e.alert());
                        }
                    }, clock);
            resources.add(0, api);
        }
        LOG.info("Alerting ready [topic: {}] [group: {}] [schema: {}] [rules: {}] [subscriptions: {}], ops on port {}"
                        + "{}", config.topic(), config.groupId(), config.schema(), rules.get().rules().size(),
                subscriptions.all().size(), ops.port(), api == null ? "" : ", API on port " + api.port());
    }

    private boolean databaseUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        config.instanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.kafka().clientIdPrefix() + "-alerting-"
                + UUID.randomUUID().toString().substring(0, 8));
        // Positions come from alert_offset (stored with the decisions); Kafka's copy is not used.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientIdPrefix() + "-alerting-publisher-"
                + UUID.randomUUID().toString().substring(0, 8));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    /** The port of the HTTP API, when enabled. */
    public Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(AlertApi::port);
    }

    public int opsPort() {
        return ops.port();
    }

    /** The rules in force (with overrides). */
    public LiveRules rules() {
        return rules;
    }

    /** Blocks until the evaluation loop stops: after {@link #close()}, or with its error when it failed. */
    public void awaitTermination() throws InterruptedException {
        loopThread.join();
        Throwable failure = loop.failure();
        if (failure != null) {
            throw new IllegalStateException("alerting failed: " + failure.getMessage(), failure);
        }
    }

    /** Stops the loop, then the API, notifier, publisher and pools. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (loop != null) {
            loop.stop();
            try {
                loopThread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("Alerting stopped [topic: {}]", config.topic());
    }
}
