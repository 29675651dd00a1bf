package org.quantrac.portal.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.quantrac.portal.config.PortalConfig.RateLimitConfig;

/**
 * Per-client token bucket: {@code burst} requests at once, refilled at {@code requestsPerMinute}. An empty bucket
 * answers 429 with {@code Retry-After} (whole seconds until one token is back) and a problem document. The client is
 * the remote address, or the first {@code X-Forwarded-For} address when the portal is configured to trust a proxy.
 */
public final class RateLimiter implements Handler<RoutingContext> {

    private static final int MAX_CLIENTS = 100_000;

    private final RateLimitConfig config;
    private final LongSupplier nanoClock;
    private final double tokensPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(RateLimitConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.tokensPerNano = config.requestsPerMinute() / 60e9;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long waitSeconds = take(client(ctx));
        if (waitSeconds == 0) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(429)
                .putHeader("Retry-After", Long.toString(waitSeconds))
                .putHeader("Content-Type", "application/problem+json; charset=utf-8")
                .end(Json.object(g -> {
                    g.writeStringField("type", "about:blank");
                    g.writeStringField("title", "Too Many Requests");
                    g.writeNumberField("status", 429);
                    g.writeStringField("detail", "more than " + config.requestsPerMinute()
                            + " requests per minute from one client; retry after " + waitSeconds + " s");
                }));
    }

    /** 0 when the request may pass, else the seconds until it could. */
    long take(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            evictFull(now);
        }
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(config.burst(), now));
        synchronized (b) {
            b.tokens = Math.min(config.burst(), b.tokens + (now - b.updatedNanos) * tokensPerNano);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            // whole seconds, rounded up; the epsilon keeps float noise from adding a second
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / tokensPerNano / 1e9 - 1e-6));
        }
    }

    /** Forgets clients whose bucket has refilled: they are indistinguishable from new ones. */
    private void evictFull(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.tokens + (now - b.updatedNanos) * tokensPerNano >= config.burst()) {
                it.remove();
            }
        }
    }

    private String client(RoutingContext ctx) {
        if (config.trustForwardedFor()) {
            String xff = ctx.request().getHeader("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                return xff.split(",")[0].trim();
            }
        }
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    }
}
