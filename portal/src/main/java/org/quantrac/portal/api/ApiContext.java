package org.quantrac.portal.api;

import java.time.Clock;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.config.PortalConfig;
import org.quantrac.portal.query.SeriesQueries;
import org.quantrac.portal.query.StatusQueries;

/** What the HTTP endpoints share. */
public record ApiContext(PortalConfig config, StationCatalog catalog, SeriesQueries series, StatusQueries status,
                         Responder responder, Clock clock) {

    /** Prefix of absolute links: the configured public URL, or nothing (links relative to the host). */
    public String base() {
        return config.publicBaseUrl();
    }
}
