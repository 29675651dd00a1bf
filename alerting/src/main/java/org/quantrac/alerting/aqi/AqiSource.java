package org.quantrac.alerting.aqi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quantrac.alerting.lifecycle.AlertEvent;
import org.quantrac.alerting.lifecycle.AlertStore;
import org.quantrac.alerting.rules.Decision;
import org.quantrac.alerting.rules.Evaluator;
import org.quantrac.alerting.rules.RuleBook;
import org.quantrac.alerting.rules.RuleKind;
import org.quantrac.core.station.Station;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the stream processor's hourly AQI ({@code aqi_hourly}, read-only) to the AQI rules: see the ADR "Alerting
 * reads the AQI from the processor's table" in docs/architecture.md. Runs on the evaluation loop's thread, so AQI
 * decisions are taken in order with the readings' decisions.
 *
 * <p>A row is judged when it is new or its value changed (the processor recomputes an hour when late readings come):
 * rows are read by {@code updated_at} with an overlap, so a transaction that committed after a later one is still
 * seen. The {@code updated_at} cursor is stored with the decisions (in {@code alert_offset}, partition 0 of the
 * pseudo-topic {@code aqi:<table>:<index>}): after a restart the hours of the warm-up period up to the cursor rebuild
 * the rules' state without deciding, and later rows are decided. A first start decides nothing from the past.
 */
public final class AqiSource {

    private static final Logger LOG = LoggerFactory.getLogger(AqiSource.class);
    /** Rows updated this long before the cursor are read again (commit order is not updated_at order). */
    private static final Duration OVERLAP = Duration.ofMinutes(2);

    private final DataSource dataSource;
    private final AlertStore store;
    private final Evaluator evaluator;
    private final Supplier<RuleBook> rules;
    private final String table;
    private final String index;
    private final String group;
    private final Duration every;
    private final Duration warmup;
    private Instant nextPoll = Instant.MIN;
    private Instant cursor;
    private boolean warm;
    private boolean failing;

    public AqiSource(DataSource dataSource, AlertStore store, Evaluator evaluator, Supplier<RuleBook> rules,
                     String table, String index, String group, Duration every, Duration warmup) {
        this.dataSource = dataSource;
        this.store = store;
        this.evaluator = evaluator;
        this.rules = rules;
        this.table = table;
        this.index = index;
        this.group = group;
        this.every = every;
        this.warmup = warmup;
    }

    /** The owned stations changed (rebalance): their state is rebuilt at the next poll. */
    public void reset() {
        warm = false;
        nextPoll = Instant.MIN;
    }

    /**
     * Judges the AQI rows that are new since the last poll, for the stations this instance owns, and stores the
     * decisions with the cursor; does nothing before its period has passed or when no rule is an AQI rule.
     *
     * @return the stored events
     */
    public List<AlertEvent> poll(Instant now, Collection<Station> owned) throws SQLException {
        if (now.isBefore(nextPoll) || owned.isEmpty()
                || rules.get().rules().stream().noneMatch(r -> r.kind() == RuleKind.AQI)) {
            return List.of();
        }
        nextPoll = now.plus(every);
        Map<Integer, Station> byId = new HashMap<>();
        owned.forEach(s -> byId.put(s.id(), s));
        String key = "aqi:" + table + ":" + index;
        List<Decision> decisions = new ArrayList<>();
        Instant newest;
        try {
            if (!warm) {
                Long stored = store.storedOffsets(group, key).get(0);
                cursor = stored == null ? dbNow() : Instant.EPOCH.plus(stored, ChronoUnit.MICROS);
                // the warm-up hours up to the cursor rebuild state only; what came after is decided below
                read("hour_start >= ? AND updated_at <= ? ORDER BY hour_start", now.minus(warmup), cursor, byId,
                        false, decisions);
                warm = true;
            }
            newest = read("updated_at > ? ORDER BY updated_at, hour_start", cursor.minus(OVERLAP), null, byId,
                    true, decisions);
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.warn("Reading the AQI from {} failed (is the stream processor's schema there?), retrying every "
                        + "{}: {}", table, every, e.toString());
            }
            failing = true;
            return List.of();
        }
        if (newest != null && newest.isAfter(cursor)) {
            cursor = newest;
        }
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor);
        return store.apply(decisions, List.of(), group, key, Map.of(0, micros));
    }

    /** Judges rows matching the condition; returns the newest updated_at read. */
    private Instant read(String where, Instant from, Instant until, Map<Integer, Station> owned, boolean decide,
                         List<Decision> out) throws SQLException {
        Instant newest = null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT station_id, hour_start, aqi, updated_at FROM " + table
                     + " WHERE index_kind = ? AND aqi IS NOT NULL AND " + where)) {
            p.setString(1, index);
            p.setObject(2, OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
            if (until != null) {
                p.setObject(3, OffsetDateTime.ofInstant(until, java.time.ZoneOffset.UTC));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant updated = rs.getObject(4, OffsetDateTime.class).toInstant();
                    newest = newest == null || updated.isAfter(newest) ? updated : newest;
                    Station s = owned.get(rs.getInt(1));
                    if (s != null) {
                        Instant hourEnd = rs.getObject(2, OffsetDateTime.class).toInstant().plus(Duration.ofHours(1));
                        out.addAll(evaluator.observeAqi(s, hourEnd, rs.getInt(3), decide));
                    }
                }
            }
        }
        return newest;
    }

    private Instant dbNow() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT now()");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
