package org.quantrac.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quantrac.alerting.config.NotifyConfig;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.core.ops.ExecutorStop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the pending notifications of the outbox on one thread: retries with exponential backoff, and throttling per
 * (subscription, station): after a message, further changes wait until the subscription's throttle period has passed
 * and then go out together as one digest.
 */
public final class NotificationDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final int BATCH = 200;

    private final NotificationStore store;
    private final Subscriptions subscriptions;
    private final WebhookSender webhooks;
    private final Optional<EmailSender> email;
    private final NotifyConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ScheduledExecutorService executor;

    public NotificationDispatcher(NotificationStore store, Subscriptions subscriptions, WebhookSender webhooks,
                                  Optional<EmailSender> email, NotifyConfig config, Clock clock,
                                  MeterRegistry registry) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.email = email;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerting-notifier");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::drain, 0, config.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** New events were stored: look for due notifications now. */
    public void nudge() {
        if (!executor.isShutdown()) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Instant now = clock.instant();
            Map<String, List<NotificationStore.Pending>> byTarget = new LinkedHashMap<>();
            for (NotificationStore.Pending p : store.due(now, BATCH)) {
                byTarget.computeIfAbsent(p.subscription() + "\u0000" + p.stationCode(), k -> new ArrayList<>()).add(p);
            }
            for (List<NotificationStore.Pending> rows : byTarget.values()) {
                dispatch(rows, now);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Notification dispatch failed, retrying: {}", e.toString());
        }
    }

    private void dispatch(List<NotificationStore.Pending> rows, Instant now) throws SQLException {
        NotificationStore.Pending first = rows.get(0);
        Subscription s = subscriptions.byName(first.subscription()).orElse(null);
        if (s == null) {
            store.failed(ids(rows), "subscription " + first.subscription() + " no longer configured");
            return;
        }
        if (!s.throttle().isZero()) {
            Optional<Instant> last = store.lastSent(s.name(), first.stationCode());
            if (last.isPresent() && now.isBefore(last.get().plus(s.throttle()))) {
                store.postpone(ids(rows), last.get().plus(s.throttle()));
                return;
            }
            deliver(s, rows, now); // everything that waited goes out as one message (a digest when several)
        } else {
            for (NotificationStore.Pending row : rows) {
                deliver(s, List.of(row), now);
            }
        }
    }

    private void deliver(Subscription s, List<NotificationStore.Pending> rows, Instant now) throws SQLException {
        List<AlertEvent> events = rows.stream().map(NotificationStore.Pending::event).toList();
        String station = rows.get(0).stationCode();
        // The key is the same on every retry of this message: receivers deduplicate on it.
        String key = rows.size() == 1 ? events.get(0).eventId() + ":" + s.name()
                : "digest:" + s.name() + ":" + station + ":" + rows.get(0).id();
        try {
            if (s.channel() == Subscription.Channel.WEBHOOK) {
                webhooks.send(s, events, key);
            } else {
                email.orElseThrow(() -> new DeliveryException("no SMTP server configured (alerting.smtp.host)",
                        true, null)).send(s, station, events, key);
            }
            store.sent(ids(rows), key, clock.instant());
            count(s, "sent");
        } catch (DeliveryException e) {
            int attempts = rows.stream().mapToInt(NotificationStore.Pending::attempts).max().orElse(0) + 1;
            if (e.permanent() || attempts >= config.maxAttempts()) {
                store.failed(ids(rows), e.getMessage());
                count(s, "failed");
                LOG.warn("Notification given up after {} attempts [subscription: {}] [station: {}]: {}", attempts,
                        s.name(), station, e.getMessage());
            } else {
                Duration backoff = backoff(attempts);
                store.retry(ids(rows), now.plus(backoff), e.getMessage());
                count(s, "retried");
                LOG.debug("Notification retry in {} [subscription: {}] [station: {}]: {}", backoff, s.name(),
                        station, e.getMessage());
            }
        }
    }

    /** initial × 2^(attempts − 1), capped. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = config.initialBackoff().multipliedBy(factor);
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    private void count(Subscription s, String outcome) {
        Counter.builder("quantrac_alerting_notifications_total").tag("channel", s.channel().name())
                .tag("outcome", outcome).register(registry).increment();
    }

    private static List<Long> ids(List<NotificationStore.Pending> rows) {
        return rows.stream().map(NotificationStore.Pending::id).toList();
    }

    @Override
    public void close() {
        ExecutorStop.await(executor, Duration.ofSeconds(10));
    }
}
