package org.quantrac.portal.config;

import java.time.Duration;
import java.time.ZoneId;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;

/**
 * The portal's configuration: keys under {@code portal.} plus the shared {@code db.*} and {@code kafka.*}.
 *
 * @param host            address the HTTP server binds to
 * @param port            HTTP port (0 picks a free one)
 * @param publicBaseUrl   absolute URL clients reach the portal at, for links in responses (empty: from the request)
 * @param defaultZone     zone of day boundaries when a request gives no {@code tz}
 * @param limits          request limits of the open-data API
 * @param rateLimit       per-client request budget
 * @param auth            technician accounts and sessions
 * @param liveTopic       Kafka topic of {@code Observation} records the live feed follows
 * @param dlqTopic        topic of {@code DeadLetter} records shown to technicians (empty: not followed)
 * @param liveEnabled     whether to follow Kafka at all (off: dashboard without live values)
 * @param licence         licence of the published data, returned in every response
 * @param opsHost         where /metrics and /health listen
 * @param opsPort         operations port (0 picks a free one)
 * @param alerting        the alerting role's HTTP API, for acknowledging alerts from the dashboard
 */
public record PortalConfig(String host, int port, String publicBaseUrl, ZoneId defaultZone, ApiLimits limits,
                           RateLimitConfig rateLimit, AuthConfig auth, String liveTopic, String dlqTopic,
                           boolean liveEnabled,
                           Licence licence, String opsHost, int opsPort, AlertingLink alerting, DatabaseConfig db,
                           KafkaConfig kafka) {

    public static PortalConfig from(ConfigSource c) {
        String zone = c.string("portal.defaultTimeZone", "Asia/Ho_Chi_Minh");
        ZoneId defaultZone;
        try {
            defaultZone = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ConfigException("configuration portal.defaultTimeZone = '" + zone
                    + "' is invalid: expected a time-zone id such as Asia/Ho_Chi_Minh");
        }
        String base = c.string("portal.publicBaseUrl", "");
        if (!base.isEmpty() && !base.matches("https?://[^\\s]+")) {
            throw new ConfigException("configuration portal.publicBaseUrl = '" + base
                    + "' is invalid: expected an absolute http(s) URL such as https://quantrac.example.org");
        }
        return new PortalConfig(
                c.string("portal.host", "0.0.0.0"),
                c.integer("portal.port", 8080, 0, 65535),
                base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
                defaultZone,
                ApiLimits.from(c),
                RateLimitConfig.from(c),
                AuthConfig.from(c),
                c.string("portal.live.topic", "quantrac.readings.v1"),
                c.string("portal.live.dlqTopic", "quantrac.readings.dlq.v1"),
                c.bool("portal.live.enabled", true),
                Licence.from(c),
                c.string("portal.ops.host", "127.0.0.1"),
                c.integer("portal.ops.port", 9406, 0, 65535),
                AlertingLink.from(c),
                DatabaseConfig.from(c),
                KafkaConfig.from(c));
    }

    /** Same configuration on another port (tests, the demo). */
    public PortalConfig withPort(int newPort) {
        return new PortalConfig(host, newPort, publicBaseUrl, defaultZone, limits, rateLimit, auth, liveTopic,
                dlqTopic, liveEnabled, licence, opsHost, opsPort, alerting, db, kafka);
    }

    /**
     * Limits that keep one request cheap.
     *
     * @param maxRawRange    longest time range of one raw-series request
     * @param maxHourlyRange longest range of hourly aggregates
     * @param maxDailyRange  longest range of daily aggregates
     * @param defaultPage    rows per page when the request gives no {@code limit}
     * @param maxPage        largest {@code limit}
     * @param latestWindow   for series not in reading_latest: how far back "latest" probes the readings first (older
     *                       values are found by a slower second query)
     */
    public record ApiLimits(Duration maxRawRange, Duration maxHourlyRange, Duration maxDailyRange, int defaultPage,
                            int maxPage, Duration latestWindow, Duration latestCache) {

        static ApiLimits from(ConfigSource c) {
            int maxPage = c.integer("portal.api.maxPageSize", 10_000, 1, 1_000_000);
            int defaultPage = c.integer("portal.api.defaultPageSize", 1_000, 1, 1_000_000);
            if (defaultPage > maxPage) {
                throw new ConfigException("configuration portal.api.defaultPageSize = " + defaultPage
                        + " is invalid: expected at most portal.api.maxPageSize (" + maxPage + ")");
            }
            return new ApiLimits(
                    c.duration("portal.api.maxRawRange", Duration.ofDays(31), Duration.ofHours(1),
                            Duration.ofDays(3660)),
                    c.duration("portal.api.maxHourlyRange", Duration.ofDays(366), Duration.ofDays(1),
                            Duration.ofDays(3660)),
                    c.duration("portal.api.maxDailyRange", Duration.ofDays(3660), Duration.ofDays(1),
                            Duration.ofDays(36600)),
                    defaultPage, maxPage,
                    c.duration("portal.api.latestWindow", Duration.ofDays(2), Duration.ofMinutes(10),
                            Duration.ofDays(365)),
                    c.duration("portal.api.latestCache", Duration.ofSeconds(2), Duration.ZERO,
                            Duration.ofMinutes(1)));
        }
    }

    /**
     * Token bucket per client: {@code requestsPerMinute} sustained, {@code burst} at once.
     *
     * @param trustForwardedFor take the client from {@code X-Forwarded-For} (only behind a trusted reverse proxy)
     */
    public record RateLimitConfig(boolean enabled, int requestsPerMinute, int burst, boolean trustForwardedFor) {

        static RateLimitConfig from(ConfigSource c) {
            return new RateLimitConfig(c.bool("portal.rateLimit.enabled", true),
                    c.integer("portal.rateLimit.requestsPerMinute", 600, 1, 1_000_000),
                    c.integer("portal.rateLimit.burst", 120, 1, 1_000_000),
                    c.bool("portal.rateLimit.trustForwardedFor", false));
        }
    }

    /**
     * Technician and admin accounts.
     *
     * @param users          {@code name:ROLE:hash} entries, hash from {@code quantrac portal hash-password}
     * @param sessionTimeout idle time after which a session ends
     * @param secureCookie   mark the session cookie Secure (behind HTTPS)
     */
    public record AuthConfig(String users, Duration sessionTimeout, boolean secureCookie) {

        static AuthConfig from(ConfigSource c) {
            return new AuthConfig(c.string("portal.auth.users", ""),
                    c.duration("portal.auth.sessionTimeout", Duration.ofHours(8), Duration.ofMinutes(1),
                            Duration.ofDays(30)),
                    c.bool("portal.auth.secureCookie", false));
        }
    }

    /**
     * Where the alerting API is ({@code alerting.api.*} of that role): the portal forwards acknowledgements of
     * logged-in users there, with the user as {@code by}. Empty URL: acknowledging is off.
     */
    public record AlertingLink(String url, String token) {

        static AlertingLink from(ConfigSource c) {
            String url = c.string("portal.alerting.url", "");
            String token = c.string("portal.alerting.token", "");
            if (!url.isEmpty() && !url.matches("https?://[^\\s]+")) {
                throw new ConfigException("configuration portal.alerting.url = '" + url
                        + "' is invalid: expected the alerting API's base URL, e.g. http://127.0.0.1:9405");
            }
            if (!url.isEmpty() && token.isEmpty()) {
                throw new ConfigException("configuration portal.alerting.token is required when portal.alerting.url "
                        + "is set: the alerting role's alerting.api.token");
            }
            return new AlertingLink(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token);
        }

        public boolean enabled() {
            return !url.isEmpty();
        }

        @Override
        public String toString() {
            return "AlertingLink[url=" + url + ", token=****]";
        }
    }

    /** The licence and data-use statement published with the data. */
    public record Licence(String name, String url, String attribution, String dataUse) {

        static Licence from(ConfigSource c) {
            return new Licence(
                    c.string("portal.licence.name", "CC BY 4.0"),
                    c.string("portal.licence.url", "https://creativecommons.org/licenses/by/4.0/"),
                    c.string("portal.licence.attribution",
                            "Quảng Ninh Department of Agriculture and Environment, automatic monitoring network"),
                    c.string("portal.licence.dataUse", "Automatic monitoring data, published as measured after "
                            + "automatic quality control; not validated by an accredited laboratory. Readings with "
                            + "QC flags are excluded from averages and AQI. Cite the source when you reuse it."));
        }
    }
}
