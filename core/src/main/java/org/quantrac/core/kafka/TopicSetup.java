package org.quantrac.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a role writes to when they are missing, so a fresh cluster works without manual steps. */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * Waits until every partition of the topics answers on its leader (a ListOffsets request succeeds). A topic is
     * reported created before the broker has applied it; an idempotent producer whose first request meets that window
     * gets NOT_LEADER_OR_FOLLOWER for it, its next request is accepted, and the first one then fails with
     * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout drops it (KAFKA-15591). Producing only after this wait
     * avoids the window.
     *
     * @throws IllegalStateException when the partitions do not answer within the timeout
     */
    public static void awaitWritable(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> spec.put(new TopicPartition(name, p.partition()),
                                OffsetSpec.latest())));
                admin.listOffsets(spec).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Kafka topics " + topics + " not writable within " + timeout
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * Creates the missing topics with the broker's defaults ({@code num.partitions}, {@code default.replication.factor}):
     * for a role whose topic a deployment normally declares (Strimzi KafkaTopic) but which must also work on a bare
     * broker, and returns once they are writable ({@link #awaitWritable}). Producing to a topic the broker auto-creates
     * left an idempotent producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER on a fresh single-node broker.
     */
    public static void ensure(String bootstrapServers, Collection<String> topics) {
        ensure(bootstrapServers, topics, Optional.empty(), Optional.empty());
    }

    public static void ensure(String bootstrapServers, Collection<String> topics, int partitions, short replication) {
        ensure(bootstrapServers, topics, Optional.of(partitions), Optional.of(replication));
    }

    private static void ensure(String bootstrapServers, Collection<String> topics, Optional<Integer> partitions,
                               Optional<Short> replication) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, partitions, replication));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                    : admin.createTopics(missing).values().entrySet()) {
                created.add(e.getKey());
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("Created Kafka topic [topic: {}] with {} partitions", e.getKey(),
                            partitions.map(String::valueOf).orElse("the broker's default"));
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex; // another replica creating it at the same time is fine
                    }
                }
            }
            awaitWritable(admin, created, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot check or create Kafka topics " + topics + " on "
                    + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
