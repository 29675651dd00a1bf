package org.quantrac.alerting.notify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.rules.Severity;

/**
 * Who is told about which alerts, and how.
 *
 * @param groups      station groups whose alerts it receives ({@code all} = every station)
 * @param minSeverity the least severe alert it receives
 * @param events      the changes it receives (default opened and resolved)
 * @param throttle    at most one message per station in this period; changes meanwhile go out together as one
 *                    digest when it ends (zero = every change at once)
 * @param webhookUrl  for WEBHOOK: where to POST
 * @param secret      for WEBHOOK: HMAC-SHA256 key of the signature header
 * @param emailTo     for EMAIL: recipients
 * @param language    {@code vi} or {@code en}
 */
public record Subscription(String name, Channel channel, List<String> groups, Severity minSeverity,
                           Set<AlertEvent.Kind> events, Duration throttle, String webhookUrl, String secret,
                           List<String> emailTo, String language) {

    public enum Channel { WEBHOOK, EMAIL }

    public Subscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        groups = List.copyOf(groups);
        events = Set.copyOf(events);
        emailTo = List.copyOf(emailTo);
    }

    @Override
    public String toString() {
        return "Subscription[" + name + ", " + channel + ", groups=" + groups + ", minSeverity=" + minSeverity
                + ", throttle=" + throttle + "]";
    }
}
