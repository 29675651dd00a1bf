package org.quantrac.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.record.v1.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** Calibration overdue on the real Kafka and TimescaleDB, with the calibration clock surviving a restart. */
class CalibrationIT extends AlertingItSupport {

    private static final String RULE = "calibration.SO2";

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @Test
    void opensWhenTheAnalyserIsOverdueAndTheNextCalibrationResolvesItAcrossARestart() throws Exception {
        Station aq = withInterval("QN-AQ-01", Duration.ofMinutes(1));
        StationCatalog catalog = new StationCatalog(List.of(aq), ParameterCatalog.builtIn());
        AlertingApp first = start(catalog);
        disableOffline(first, "QN-AQ-01");
        int so2 = aq.parameter("SO2").orElseThrow().id();

        send(aq, day(0), so2, 20, StationStatus.CALIBRATING);
        send(aq, day(10), so2, 20, StationStatus.MEASURING);
        send(aq, day(30), so2, 20, StationStatus.MEASURING);
        send(aq, day(31), so2, 20, StationStatus.MEASURING);   // 31 days after the calibration: overdue
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().size() == 1);
        assertThat(alerts()).containsExactly(new Row("QN-AQ-01", RULE, "OPEN", day(31), null));
        await().atMost(Duration.ofSeconds(15)).until(() -> day(0).equals(storedCalibration()));

        first.close();
        AlertingApp second = start(catalog);
        disableOffline(second, "QN-AQ-01");
        send(aq, day(32), so2, 20, StationStatus.MEASURING);   // still overdue: the same alert
        send(aq, day(33), so2, 20, StationStatus.CALIBRATING); // calibrated: resolved
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().get(0).resolved() != null);
        assertThat(alerts()).containsExactly(new Row("QN-AQ-01", RULE, "RESOLVED", day(31), day(33)));
        assertThat(events()).containsExactly(RULE + " OPENED", RULE + " RESOLVED");
        await().atMost(Duration.ofSeconds(15)).until(() -> day(33).equals(storedCalibration()));
    }

    private Instant storedCalibration() throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT calibrated_at FROM alert_calibration")) {
            return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
        }
    }
}
