package org.quantrac.alerting.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.rules.Severity;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationKind;

/**
 * The notification subscriptions and station groups, from a YAML file (see docs/alerting.md). Validated on load:
 * an unknown group, a webhook without URL or secret, an e-mail subscription without recipients fail the start.
 */
public final class Subscriptions {

    private final Map<String, StationGroup> groups;
    private final Map<String, Subscription> byName;

    public Subscriptions(List<StationGroup> groups, List<Subscription> subscriptions) {
        this.groups = new LinkedHashMap<>();
        this.groups.put(StationGroup.ALL, StationGroup.all());
        groups.forEach(g -> this.groups.put(g.name(), g));
        this.byName = new LinkedHashMap<>();
        for (Subscription s : subscriptions) {
            if (byName.put(s.name(), s) != null) {
                throw new ConfigException("duplicate subscription name " + s.name());
            }
            for (String g : s.groups()) {
                if (!this.groups.containsKey(g)) {
                    throw new ConfigException("subscription " + s.name() + " names unknown station group '" + g
                            + "'; known: " + this.groups.keySet());
                }
            }
        }
    }

    public static Subscriptions none() {
        return new Subscriptions(List.of(), List.of());
    }

    /** Reads a subscriptions file; {@code env} resolves {@code secretEnv} names. */
    public static Subscriptions load(Path file, Function<String, String> env) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        FileModel model;
        try {
            model = yaml.readValue(file.toFile(), FileModel.class);
        } catch (IOException e) {
            throw new ConfigException("subscriptions file " + file + " cannot be read: " + e.getMessage());
        }
        List<StationGroup> groups = new ArrayList<>();
        for (GroupModel g : model.groups() == null ? List.<GroupModel>of() : model.groups()) {
            if (g.name() == null) {
                throw new ConfigException(file + ": a station group needs a name");
            }
            groups.add(new StationGroup(g.name(), Set.copyOf(orEmpty(g.stations())), Set.copyOf(orEmpty(g.kinds())),
                    Set.copyOf(orEmpty(g.districts()))));
        }
        List<Subscription> subs = new ArrayList<>();
        for (SubscriptionModel s : model.subscriptions() == null ? List.<SubscriptionModel>of()
                : model.subscriptions()) {
            subs.add(toSubscription(file, s, env));
        }
        return new Subscriptions(groups, subs);
    }

    private static Subscription toSubscription(Path file, SubscriptionModel s, Function<String, String> env) {
        String where = file + ": subscription " + s.name();
        if (s.name() == null || (s.webhook() == null) == (s.email() == null)) {
            throw new ConfigException(file + ": each subscription needs a name and exactly one of webhook or email");
        }
        Set<AlertEvent.Kind> events = s.events() == null || s.events().isEmpty()
                ? EnumSet.of(AlertEvent.Kind.OPENED, AlertEvent.Kind.RESOLVED) : EnumSet.copyOf(s.events());
        Severity min = s.minSeverity() == null ? Severity.INFO : s.minSeverity();
        List<String> groups = s.groups() == null || s.groups().isEmpty() ? List.of(StationGroup.ALL) : s.groups();
        if (s.webhook() != null) {
            WebhookModel w = s.webhook();
            String secret = w.secret() != null ? w.secret()
                    : w.secretEnv() != null ? env.apply(w.secretEnv()) : null;
            if (w.url() == null || !w.url().matches("https?://.+")) {
                throw new ConfigException(where + ": webhook.url must be an http(s) URL");
            }
            if (secret == null || secret.isBlank()) {
                throw new ConfigException(where + ": webhook needs secret (or secretEnv naming a set variable)");
            }
            return new Subscription(s.name(), Subscription.Channel.WEBHOOK, groups, min, events,
                    throttle(where, s.throttle(), Duration.ZERO), w.url(), secret, List.of(), "en");
        }
        EmailModel m = s.email();
        if (m.to() == null || m.to().isEmpty()) {
            throw new ConfigException(where + ": email.to needs at least one address");
        }
        String language = m.language() == null ? "vi" : m.language();
        if (!Messages.LANGUAGES.contains(language)) {
            throw new ConfigException(where + ": email.language must be one of " + Messages.LANGUAGES);
        }
        return new Subscription(s.name(), Subscription.Channel.EMAIL, groups, min, events,
                throttle(where, s.throttle(), Duration.ofMinutes(15)), null, null, m.to(), language);
    }

    private static Duration throttle(String where, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            String t = text.trim();
            if (t.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(t.replaceAll("\\D", ""));
                return t.endsWith("ms") ? Duration.ofMillis(n) : t.endsWith("s") ? Duration.ofSeconds(n)
                        : t.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
            }
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new ConfigException(where + ": throttle '" + text + "' is invalid: expected e.g. 0s, 15m");
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The subscriptions that want this change of an alert at this station. */
    public List<Subscription> matching(AlertEvent event, Station station) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : byName.values()) {
            if (!s.events().contains(event.kind()) || !event.alert().severity().atLeast(s.minSeverity())) {
                continue;
            }
            if (s.groups().stream().anyMatch(g -> groups.get(g).contains(station))) {
                out.add(s);
            }
        }
        return out;
    }

    public Optional<Subscription> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Subscription> all() {
        return List.copyOf(byName.values());
    }

    private record FileModel(List<GroupModel> groups, List<SubscriptionModel> subscriptions) {
    }

    private record GroupModel(String name, List<String> stations, List<StationKind> kinds, List<String> districts) {
    }

    private record SubscriptionModel(String name, WebhookModel webhook, EmailModel email, List<String> groups,
                                     Severity minSeverity, List<AlertEvent.Kind> events, String throttle) {
    }

    private record WebhookModel(String url, String secret, String secretEnv) {
    }

    private record EmailModel(List<String> to, String language) {
    }
}
