package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quantrac.portal.api.RateLimiterProbe;
import org.quantrac.portal.config.PortalConfig.RateLimitConfig;

class RateLimiterTest {

    @Test
    void burstThenRefillAtTheConfiguredRate() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        RateLimiterProbe limiter = new RateLimiterProbe(new RateLimitConfig(true, 60, 3, false), nanos::get);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(1);
        assertThat(limiter.take("b")).as("another client has its own bucket").isZero();
        nanos.addAndGet(1_000_000_000L);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(1);
        nanos.addAndGet(500_000_000L);
        assertThat(limiter.take("a")).as("half a token back: wait rounds up").isEqualTo(1);
    }

    @Test
    void retryAfterCountsWholeSecondsAtSlowRates() {
        AtomicLong nanos = new AtomicLong();
        RateLimiterProbe limiter = new RateLimiterProbe(new RateLimitConfig(true, 2, 1, false), nanos::get);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(30);
        nanos.addAndGet(10_000_000_000L);
        assertThat(limiter.take("a")).isEqualTo(20);
    }
}
