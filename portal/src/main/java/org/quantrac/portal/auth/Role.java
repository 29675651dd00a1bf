package org.quantrac.portal.auth;

/** What a logged-in person may do: technicians see diagnostics, admins also manage (everything a technician can). */
public enum Role {
    TECHNICIAN,
    ADMIN;

    public boolean allows(Role needed) {
        return this == ADMIN || this == needed;
    }
}
