package org.quantrac.alerting.config;

import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

/**
 * The HTTP API for alerts and rules.
 *
 * @param enabled whether it is served
 * @param token   bearer token every request must carry ({@code Authorization: Bearer …}); required when enabled
 */
public record ApiConfig(boolean enabled, String host, int port, String token) {

    /** Tokens shorter than this are guessable. */
    static final int MIN_TOKEN = 16;

    public static ApiConfig from(ConfigSource c) {
        boolean enabled = c.bool("alerting.api.enabled", true);
        String host = c.string("alerting.api.host", "0.0.0.0");
        int port = c.integer("alerting.api.port", 9405, 0, 65535);
        String token = c.optional("alerting.api.token").orElse("");
        if (enabled && token.length() < MIN_TOKEN) {
            throw new ConfigException("configuration alerting.api.token is required (at least " + MIN_TOKEN
                    + " characters) while the HTTP API is enabled: set it in the config file or as "
                    + ConfigSource.envName("alerting.api.token") + ", or set alerting.api.enabled = false");
        }
        return new ApiConfig(enabled, host, port, token);
    }

    @Override
    public String toString() {
        return "ApiConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + ", token=****]";
    }
}
