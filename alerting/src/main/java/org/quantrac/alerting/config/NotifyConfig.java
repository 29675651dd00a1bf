package org.quantrac.alerting.config;

import java.time.Duration;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

/**
 * How notifications are sent.
 *
 * @param poll           how often the outbox is checked for due notifications (new events also trigger a check)
 * @param initialBackoff wait after the first failed attempt; doubled after each further one …
 * @param maxBackoff     … up to this
 * @param maxAttempts    attempts before a notification is given up (state FAILED)
 * @param webhookTimeout connect and response timeout of a webhook call
 */
public record NotifyConfig(Duration poll, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
                           Duration webhookTimeout) {

    public static NotifyConfig from(ConfigSource c) {
        NotifyConfig n = new NotifyConfig(
                c.duration("alerting.notify.poll", Duration.ofMillis(500), Duration.ofMillis(10),
                        Duration.ofMinutes(1)),
                c.duration("alerting.notify.initialBackoff", Duration.ofSeconds(2), Duration.ofMillis(1),
                        Duration.ofHours(1)),
                c.duration("alerting.notify.maxBackoff", Duration.ofMinutes(10), Duration.ofMillis(1),
                        Duration.ofDays(1)),
                c.integer("alerting.notify.maxAttempts", 12, 1, 1000),
                c.duration("alerting.notify.webhookTimeout", Duration.ofSeconds(10), Duration.ofMillis(100),
                        Duration.ofMinutes(5)));
        if (n.maxBackoff().compareTo(n.initialBackoff()) < 0) {
            throw new ConfigException("configuration alerting.notify.maxBackoff (" + n.maxBackoff()
                    + ") must not be below alerting.notify.initialBackoff (" + n.initialBackoff() + ")");
        }
        return n;
    }
}
