package org.quantrac.alerting.config;

import java.time.Duration;
import java.util.Optional;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

/**
 * The SMTP server e-mail notifications go through; absent when {@code alerting.smtp.host} is not set.
 *
 * @param from sender address
 */
public record SmtpConfig(String host, int port, String from, String username, String password, boolean startTls,
                         Duration timeout) {

    public static Optional<SmtpConfig> from(ConfigSource c) {
        Optional<String> host = c.optional("alerting.smtp.host");
        int port = c.integer("alerting.smtp.port", 25, 1, 65535);
        String from = c.string("alerting.smtp.from", "quantrac-alerts@localhost");
        String username = c.string("alerting.smtp.username", "");
        String password = c.string("alerting.smtp.password", "");
        boolean startTls = c.bool("alerting.smtp.startTls", false);
        Duration timeout = c.duration("alerting.smtp.timeout", Duration.ofSeconds(20), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (!from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ConfigException("configuration alerting.smtp.from = '" + from
                    + "' is invalid: expected an e-mail address such as alerts@example.vn");
        }
        return Optional.of(new SmtpConfig(host.get(), port, from, username, password, startTls, timeout));
    }

    @Override
    public String toString() {
        return "SmtpConfig[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
                + ", password=****, startTls=" + startTls + "]";
    }
}
