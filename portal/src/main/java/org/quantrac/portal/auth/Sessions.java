package org.quantrac.portal.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions: a 256-bit random token in an HttpOnly, SameSite=Strict cookie maps to the account; a session
 * ends after {@code timeout} without requests or at logout. In memory: a portal restart logs everyone out, which is
 * acceptable for a handful of technicians and keeps no secrets on disk.
 */
public final class Sessions {

    /** A logged-in person. */
    public record Session(String user, Role role) {
    }

    private record Entry(Session session, long lastUsedMillis) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public Sessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    public String create(Session s) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byToken.put(token, new Entry(s, clock.millis()));
        return token;
    }

    public Optional<Session> get(String token) {
        if (token == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Entry e = byToken.get(token);
        if (e == null) {
            return Optional.empty();
        }
        if (now - e.lastUsedMillis() > timeout.toMillis()) {
            byToken.remove(token);
            return Optional.empty();
        }
        byToken.put(token, new Entry(e.session(), now));
        return Optional.of(e.session());
    }

    public void remove(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** Drops expired sessions (called periodically). */
    public void purge() {
        long now = clock.millis();
        byToken.entrySet().removeIf(e -> now - e.getValue().lastUsedMillis() > timeout.toMillis());
    }
}
