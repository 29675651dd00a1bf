package org.quantrac.launcher.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.quantrac.core.kafka.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Kafka (KRaft broker and controller in one) inside this JVM, on loopback ports. {@link #start} returns
 * once a client can talk to it; {@link #close} stops it and may be called more than once.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final int port;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
        this.bootstrapServers = "127.0.0.1:" + port;
    }

    /**
     * Formats {@code dir} on first use (a fresh cluster id) and starts the node there.
     *
     * @param readyTimeout how long to wait for the node to answer a client
     */
    public static EmbeddedKafka start(Path dir, Duration readyTimeout) throws IOException {
        Path logDir = dir.resolve("log");
        Files.createDirectories(logDir);
        int port = Ports.free();
        int controllerPort = Ports.free();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        // Static voters: unlike a dynamic (--standalone) quorum they are read from this configuration, so the node
        // comes back on new ports after a restart on the same data.
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A no-op metadata record every 500 ms (the default) kept an idle node at a third of a core on a 2-core VM;
        // a single node has no broker that could fall behind (scripts/services.sh does the same).
        p.put("metadata.max.idle.interval.ms", "10000");
        // A demo keeps a day of data at most: small segments keep the disk use small.
        p.put("log.retention.hours", "48");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        Path props = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
            p.store(w, "Quantrac embedded Kafka (written on every start; the ports change)");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(props);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, port);
        try {
            server.startup();
            kafka.awaitReady(readyTimeout);
        } catch (RuntimeException | IOException e) {
            kafka.close();
            throw e;
        }
        LOG.info("embedded Kafka ready on {} (data in {})", kafka.bootstrapServers, dir);
        return kafka;
    }

    private static void format(Path props) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    props.toString()}, ps);
        }
        if (rc != 0) {
            throw new IOException("formatting the embedded Kafka's storage failed (exit " + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    // A broker that lists its nodes has joined the controller and registered: producers can start.
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the embedded Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new IOException("the embedded Kafka did not answer on " + bootstrapServers + " within " + timeout
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * Creates the topics that do not exist yet and waits until each partition answers on its leader
     * ({@link TopicSetup#awaitWritable}: an idempotent producer racing a new topic's leader loses records,
     * KAFKA-15591).
     */
    public void createTopics(Collection<String> topics, int partitions, Duration timeout) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).collect(Collectors.toList());
            admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            TopicSetup.awaitWritable(admin, topics, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            throw new IOException("cannot create topics " + topics + " on the embedded Kafka: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
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
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka stopped");
    }
}
