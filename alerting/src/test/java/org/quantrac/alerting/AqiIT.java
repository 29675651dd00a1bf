package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * AQI band crossing end to end: the stream processor's {@code aqi_hourly} rows (written here as the processor's
 * AqiUpdater writes them: upsert with {@code updated_at = now()}) open and resolve alerts, and a restart neither
 * repeats nor loses a decision.
 */
class AqiIT extends AlertingItSupport {

    /** Hour 0 starts ten hours ago, so the warm-up after the restart reaches every row. */
    private final Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(10));

    private Instant end(int h) {
        return h0.plus(Duration.ofHours(h + 1));
    }

    @Test
    void hourlyAqiAboveTheBandOpensAndResolvesAlertsAcrossARestart() throws Exception {
        Station aq = withInterval("QN-AQ-01", Duration.ofMinutes(1));
        StationCatalog catalog = new StationCatalog(List.of(aq), ParameterCatalog.builtIn());
        try (Connection c = connect(); Statement st = c.createStatement()) {
            // the processor's table (V100__rollups_and_aqi.sql), which alerting only reads, in the processor's own
            // schema (named by alerting.aqi.table)
            st.execute("CREATE SCHEMA " + processorSchema());
            st.execute("CREATE TABLE " + processorSchema() + ".aqi_hourly (station_id integer NOT NULL, "
                    + "index_kind text NOT NULL, hour_start timestamptz NOT NULL, aqi integer, dominant text, sub_indices jsonb NOT NULL, "
                    + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (station_id, index_kind, hour_start))");
        }
        aqi(aq, 0, 90); // before alerting's first start: history, not news
        Map<String, String> keys = Map.of("alerting.aqi.poll", "1s", "alerting.aqi.table",
                processorSchema() + ".aqi_hourly");
        try {
            run(aq, catalog, keys);
        } finally {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + processorSchema() + " CASCADE");
            }
        }
    }

    private String processorSchema() {
        return schema + "_proc";
    }

    private void run(Station aq, StationCatalog catalog, Map<String, String> keys) throws Exception {
        AlertingApp first = start(catalog, keys);
        disableOffline(first, "QN-AQ-01");

        aqi(aq, 1, 160);
        aqi(aq, 2, 175); // two hours above 150: opens at the end of hour 2
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 1);
        assertThat(alerts()).containsExactly(new Row("QN-AQ-01", "aqi.bad", "OPEN", end(2), null));
        aqi(aq, 3, 145); // inside the hysteresis
        aqi(aq, 4, 120); // clears
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().get(0).resolved() != null);

        first.close();
        aqi(aq, 5, 155); // while alerting is down
        start(catalog, keys);
        aqi(aq, 4, 120); // the processor recomputes an hour to the same value: nothing
        aqi(aq, 6, 190); // hours 5 and 6 above 150: a new episode
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts().size() == 2);
        Thread.sleep(3000); // a few more polls: nothing else happens
        assertThat(alerts()).containsExactly(
                new Row("QN-AQ-01", "aqi.bad", "RESOLVED", end(2), end(4)),
                new Row("QN-AQ-01", "aqi.bad", "OPEN", end(6), null));
        assertThat(events()).containsExactly("aqi.bad OPENED", "aqi.bad RESOLVED", "aqi.bad OPENED");
    }

    private void aqi(Station s, int hour, int value) throws Exception {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement("INSERT INTO " + processorSchema()
                + ".aqi_hourly (station_id, "
                + "index_kind, hour_start, aqi, dominant, sub_indices, updated_at) VALUES (?, 'VN_AQI', ?, ?, 'PM2,5', "
                + "'{}'::jsonb, now()) ON CONFLICT (station_id, index_kind, hour_start) DO UPDATE SET "
                + "aqi = EXCLUDED.aqi, updated_at = now()")) {
            p.setInt(1, s.id());
            p.setObject(2, OffsetDateTime.ofInstant(h0.plus(Duration.ofHours(hour)), ZoneOffset.UTC));
            p.setInt(3, value);
            p.executeUpdate();
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }
}
