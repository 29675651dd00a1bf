package org.quantrac.portal.api;

import java.util.function.LongSupplier;
import org.quantrac.portal.config.PortalConfig.RateLimitConfig;

/** Test access to {@link RateLimiter#take}. */
public final class RateLimiterProbe {

    private final RateLimiter limiter;

    public RateLimiterProbe(RateLimitConfig config, LongSupplier nanos) {
        this.limiter = new RateLimiter(config, nanos);
    }

    public long take(String client) {
        return limiter.take(client);
    }
}
