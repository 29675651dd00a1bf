package org.quantrac.portal.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a computed response for a few seconds, and lets concurrent requests for the same key wait for one
 * computation instead of each querying the database: the network-wide "latest" answer is asked by every dashboard and
 * client at once, and a value a few seconds old is still fresher than the 30 s clients may cache it. TTL zero: off.
 */
public final class ShortCache {

    private record Entry(ApiResponse response, long expiresNanos) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ShortCache(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    public ApiResponse get(String key, Callable<ApiResponse> compute) throws Exception {
        if (ttlNanos <= 0) {
            return compute.call();
        }
        Entry e = entries.get(key);
        if (e != null && nanoClock.getAsLong() < e.expiresNanos()) {
            return e.response();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            e = entries.get(key);
            if (e != null && nanoClock.getAsLong() < e.expiresNanos()) {
                return e.response();
            }
            ApiResponse r = compute.call();
            if (r.status() == 200) {
                entries.put(key, new Entry(r, nanoClock.getAsLong() + ttlNanos));
            }
            return r;
        }
    }
}
