package org.quantrac.portal.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.quantrac.core.config.ConfigException;

/**
 * The technician and admin accounts, from {@code portal.auth.users}: comma-separated {@code name:ROLE:hash} entries
 * (hash from {@code quantrac portal hash-password}). Validated at startup: a typo in a role or hash fails the start.
 */
public final class Accounts {

    /** A person who can log in. */
    public record Account(String name, Role role, String passwordHash) {
    }

    private final Map<String, Account> byName;
    /** A hash that never matches, at the accounts' cost, so unknown names take as long as known ones. */
    private final String dummy;

    private Accounts(Map<String, Account> byName) {
        this.byName = byName;
        int iterations = byName.values().stream().findFirst()
                .map(a -> Integer.parseInt(a.passwordHash().split("\\$")[1]))
                .orElse(PasswordHasher.DEFAULT_ITERATIONS);
        this.dummy = PasswordHasher.hash("not-a-password".toCharArray(), iterations);
    }

    public static Accounts parse(String spec) {
        Map<String, Account> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new Accounts(out);
        }
        for (String entry : spec.split(",")) {
            String[] p = entry.trim().split(":", 3);
            if (p.length != 3 || p[0].isBlank()) {
                throw new ConfigException("configuration portal.auth.users: entry '" + mask(entry)
                        + "' is invalid: expected name:ROLE:hash (ROLE technician or admin, hash from "
                        + "`quantrac portal hash-password`)");
            }
            Role role;
            try {
                role = Role.valueOf(p[1].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("configuration portal.auth.users: user '" + p[0] + "' has role '" + p[1]
                        + "'; expected technician or admin");
            }
            if (!PasswordHasher.looksLikeHash(p[2].trim())) {
                throw new ConfigException("configuration portal.auth.users: user '" + p[0] + "' has no valid "
                        + "password hash; create one with `quantrac portal hash-password`");
            }
            if (out.put(p[0].trim(), new Account(p[0].trim(), role, p[2].trim())) != null) {
                throw new ConfigException("configuration portal.auth.users: user '" + p[0] + "' is listed twice");
            }
        }
        return new Accounts(out);
    }

    private static String mask(String entry) {
        int i = entry.lastIndexOf(':');
        return i < 0 ? entry : entry.substring(0, i) + ":****";
    }

    /** The account if name and password match. */
    public Optional<Account> authenticate(String name, char[] password) {
        Account a = name == null ? null : byName.get(name);
        boolean ok = PasswordHasher.verify(password, a == null ? dummy : a.passwordHash());
        return ok && a != null ? Optional.of(a) : Optional.empty();
    }

    public int size() {
        return byName.size();
    }
}
