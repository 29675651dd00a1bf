package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;
import org.quantrac.portal.auth.Accounts;
import org.quantrac.portal.auth.PasswordHasher;
import org.quantrac.portal.auth.Role;
import org.quantrac.portal.auth.Sessions;

class AuthTest {

    /** Few iterations: the tests check the format and the check, not the cost. */
    private static final String HASH = PasswordHasher.hash("s3cret!".toCharArray(), 1000);

    @Test
    void hashesVerifyOnlyTheirPasswordAndAreSalted() {
        assertThat(HASH).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHasher.verify("s3cret!".toCharArray(), HASH)).isTrue();
        assertThat(PasswordHasher.verify("s3cret".toCharArray(), HASH)).isFalse();
        assertThat(PasswordHasher.hash("s3cret!".toCharArray(), 1000)).isNotEqualTo(HASH);
        assertThat(PasswordHasher.verify("x".toCharArray(), "plain-text")).isFalse();
    }

    @Test
    void accountsFromConfiguration() {
        Accounts a = Accounts.parse("tech:technician:" + HASH + ", boss:ADMIN:" + HASH);
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.authenticate("tech", "s3cret!".toCharArray()).orElseThrow().role()).isEqualTo(Role.TECHNICIAN);
        assertThat(a.authenticate("tech", "wrong".toCharArray())).isEmpty();
        assertThat(a.authenticate("nobody", "s3cret!".toCharArray())).isEmpty();
        assertThatThrownBy(() -> Accounts.parse("tech:janitor:" + HASH)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected technician or admin");
        assertThatThrownBy(() -> Accounts.parse("tech:admin:password123")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hash-password").hasMessageNotContaining("password123");
        assertThat(Role.ADMIN.allows(Role.TECHNICIAN)).isTrue();
        assertThat(Role.TECHNICIAN.allows(Role.ADMIN)).isFalse();
    }

    @Test
    void sessionsExpireWhenIdle() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T00:00:00Z"));
        Sessions s = new Sessions(Duration.ofMinutes(30), clock);
        String token = s.create(new Sessions.Session("tech", Role.TECHNICIAN));
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(s.get(token)).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(s.get(token)).as("used 29 min ago: still valid").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(s.get(token)).isEmpty();
        assertThat(s.get("forged")).isEmpty();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
