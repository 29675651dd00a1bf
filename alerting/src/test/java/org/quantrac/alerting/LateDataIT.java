package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/**
 * Late data on the real Kafka and TimescaleDB: readings that arrive after newer ones open and close alerts at their
 * measurement times, never a second open alert, and a restart with everything re-sent changes nothing.
 */
class LateDataIT extends AlertingItSupport {

    @Test
    void lateReadingsOpenAndCloseAlertsForTheirMeasurementTimes() throws Exception {
        Station sw = withInterval("QN-SW-02", Duration.ofMinutes(5));
        StationCatalog catalog = new StationCatalog(List.of(sw), ParameterCatalog.builtIn());
        AlertingApp first = start(catalog);
        disableOffline(first, "QN-SW-02");

        // pH class B (6.0–8.5, 15 minutes). 20–35 come late with 9.0: an episode from 20, open at 35, cleared at 40
        for (int m : new int[] {0, 5, 10, 15, 40, 45}) {
            ph(sw, m, 7.0, StationStatus.MEASURING);
        }
        for (int m = 20; m <= 35; m += 5) {
            ph(sw, m, 9.0, StationStatus.MEASURING);
        }
        // 50–80 breach (open at 65) but 70 comes late with 7.0: the alert ends at 70 and 75… starts again, open at 90
        for (int m : new int[] {50, 55, 60, 65, 75, 80}) {
            ph(sw, m, 9.0, StationStatus.MEASURING);
        }
        ph(sw, 70, 7.0, StationStatus.MEASURING);
        ph(sw, 85, 9.0, StationStatus.MEASURING);
        ph(sw, 90, 9.0, StationStatus.MEASURING);
        producer.flush();

        List<Row> expected = List.of(
                new Row("QN-SW-02", PH_RULE, "RESOLVED", minute(35), minute(40)),
                new Row("QN-SW-02", PH_RULE, "RESOLVED", minute(65), minute(70)),
                new Row("QN-SW-02", PH_RULE, "OPEN", minute(90), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().size() == 3 && alerts().get(1).resolved() != null);
        assertThat(alerts()).containsExactlyElementsOf(expected);
        List<String> events = List.of(PH_RULE + " OPENED", PH_RULE + " RESOLVED", PH_RULE + " OPENED",
                PH_RULE + " RESOLVED", PH_RULE + " OPENED");
        assertThat(events()).containsExactlyElementsOf(events);

        // restart, and the connector re-sends everything (late ones included) in time order: nothing changes
        first.close();
        start(catalog);
        for (int m = 0; m <= 90; m += 5) {
            ph(sw, m, (m >= 20 && m <= 35) || (m >= 50 && m != 70) ? 9.0 : 7.0, StationStatus.MEASURING);
        }
        producer.flush();
        // every record (19 + 19) judged and its offset stored
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOffsets() == 38);
        assertThat(alerts()).containsExactlyElementsOf(expected);
        assertThat(events()).containsExactlyElementsOf(events);
    }

    private long storedOffsets() throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM alert_offset")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
