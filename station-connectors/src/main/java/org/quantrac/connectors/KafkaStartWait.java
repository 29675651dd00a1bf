package org.quantrac.connectors;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start means ready: the connectors take no station message before Kafka answers (they could not acknowledge it
 * honestly). When Kafka is not there yet (both started together, or Kafka restarting), start waits a bounded time
 * ({@code connectors.kafka.startWait}) instead of failing at once, then fails with a message for the operator.
 */
final class KafkaStartWait {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartWait.class);
    private static final Duration PROBE = Duration.ofSeconds(3);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private KafkaStartWait() {
    }

    static void await(String bootstrapServers, Duration startWait) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + startWait.toNanos();
        long nextReport = 0;
        String lastError = "no answer";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE.toMillis(),
                // Fewer "connection refused" lines from the client while we wait.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000))) {
            while (true) {
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE.toMillis())).nodes()
                            .get(PROBE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                    if (nextReport != 0) {
                        LOG.info("Kafka answers [bootstrap: {}] after {} s", bootstrapServers,
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                    }
                    return;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                            + startWait.toSeconds() + " s (connectors.kafka.startWait; last error: " + lastError
                            + "). Is the broker up and reachable from here, and is kafka.bootstrapServers right? The"
                            + " connectors take no station data before Kafka answers");
                }
                if (now - nextReport >= 0) {
                    LOG.warn("Kafka does not answer yet [bootstrap: {}]: {}; waiting up to {} s in all"
                            + " (connectors.kafka.startWait), /health/ready is 503 meanwhile", bootstrapServers,
                            lastError, startWait.toSeconds());
                    nextReport = now + REPORT_EVERY.toNanos();
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(1_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            }
        }
    }
}
