package org.quantrac.core.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a role writes to when they are missing, so a fresh cluster works without manual steps. */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * Creates the missing topics with the broker's defaults ({@code num.partitions}, {@code default.replication.factor}):
     * for a role whose topic a deployment normally declares (Strimzi KafkaTopic) but which must also work on a bare
     * broker. Producing to a topic the broker auto-creates left an idempotent producer retrying
     * OUT_OF_ORDER_SEQUENCE_NUMBER on a fresh single-node broker.
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
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                    : admin.createTopics(missing).values().entrySet()) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot check or create Kafka topics " + topics + " on "
                    + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
