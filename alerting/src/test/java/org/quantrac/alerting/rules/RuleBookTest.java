package org.quantrac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

class RuleBookTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private final RuleBook book = RuleBook.defaults();

    private Map<String, StationRule> rules(String code) {
        Station s = CATALOG.byCode(code).orElseThrow();
        return book.forStation(s).stream().collect(Collectors.toMap(StationRule::id, Function.identity()));
    }

    @Test
    void ambientAirGetsQcvn05WindowsAndStationHealth() {
        Map<String, StationRule> r = rules("QN-AQ-01");
        assertThat(r.keySet()).containsExactlyInAnyOrder(
                "qcvn05-2023.SO2.1h", "qcvn05-2023.SO2.24h", "qcvn05-2023.CO.1h", "qcvn05-2023.CO.8h",
                "qcvn05-2023.NO2.1h", "qcvn05-2023.NO2.24h", "qcvn05-2023.O3.1h", "qcvn05-2023.O3.8h",
                "qcvn05-2023.PM25.24h", "qcvn05-2023.PM25.24h.2026", "qcvn05-2023.PM10.24h", "offline",
                "device-error", "calibration.SO2", "calibration.NO2", "calibration.CO", "calibration.O3", "aqi.bad",
                "aqi.very-bad");
        StationRule so2 = r.get("qcvn05-2023.SO2.1h");
        assertThat(so2.upper()).isEqualTo(350.0);
        assertThat(so2.rule().window()).isEqualTo(Duration.ofHours(1));
        assertThat(so2.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(so2.rule().source()).isEqualTo("QCVN 05:2023/BTNMT");
        assertThat(r.get("qcvn05-2023.CO.8h").upper()).isEqualTo(10000.0);
        assertThat(r.get("qcvn05-2023.PM25.24h").parameter().symbol()).isEqualTo("PM2,5");
        // 5 % hysteresis: clears at 332.5, not above
        assertThat(so2.cleared(332.5)).isTrue();
        assertThat(so2.cleared(332.6)).isFalse();
        assertThat(so2.breached(350.0)).isFalse();
        assertThat(so2.breached(350.01)).isTrue();
    }

    @Test
    void surfaceWaterRulesFollowTheStationClass() {
        Map<String, StationRule> a = rules("QN-SW-01");
        Map<String, StationRule> b = rules("QN-SW-02");
        Map<String, StationRule> c = rules("QN-SW-04");
        assertThat(a.get("qcvn08-2023-A.pH").lower()).isEqualTo(6.5);
        assertThat(b.get("qcvn08-2023-B.pH").lower()).isEqualTo(6.0);
        assertThat(b.get("qcvn08-2023-B.pH").upper()).isEqualTo(8.5);
        assertThat(b.get("qcvn08-2023-B.pH").kind()).isEqualTo(RuleKind.RANGE);
        assertThat(b.get("qcvn08-2023-B.DO").kind()).isEqualTo(RuleKind.MIN);
        assertThat(b.get("qcvn08-2023-B.DO").lower()).isEqualTo(5.0);
        assertThat(c.get("qcvn08-2023-C.DO").lower()).isEqualTo(4.0);
        assertThat(b.get("qcvn08-2023-B.COD").upper()).isEqualTo(15.0);
        assertThat(b.get("qcvn08-2023-B.pH").persistFor()).isEqualTo(Duration.ofMinutes(15));
        // not measured at the station: no rule
        assertThat(b).doesNotContainKeys("qcvn08-2023-B.TP", "qcvn08-2023-B.TN");
        // class C has no TSS limit, and no other class's rules leak in
        assertThat(c.keySet()).noneMatch(id -> id.contains("TSS") || id.startsWith("qcvn08-2023-B"));
        // pH range clears only 0.1 inside the range
        StationRule ph = b.get("qcvn08-2023-B.pH");
        assertThat(ph.breached(8.6)).isTrue();
        assertThat(ph.breached(5.9)).isTrue();
        assertThat(ph.cleared(8.45)).isFalse();
        assertThat(ph.cleared(8.4)).isTrue();
        assertThat(ph.cleared(6.05)).isFalse();
    }

    @Test
    void wastewaterLimitsAreScaledByKqKfExceptPh() {
        Map<String, StationRule> ww01 = rules("QN-WW-01"); // column A, Kq 1.1, Kf 1.0
        Map<String, StationRule> ww02 = rules("QN-WW-02"); // column B, Kq 0.9, Kf 1.0
        assertThat(ww01.get("qcvn40-2011-A.COD").upper()).isCloseTo(82.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ww01.get("qcvn40-2011-A.pH").upper()).isEqualTo(9.0);
        assertThat(ww01.get("qcvn40-2011-A.pH").lower()).isEqualTo(6.0);
        assertThat(ww02.get("qcvn40-2011-B.COD").upper()).isCloseTo(135.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ww02.get("qcvn40-2011-B.pH").lower()).isEqualTo(5.5);
    }

    @Test
    void stackAndCoastalStationsOnlyGetStationHealthRules() {
        assertThat(rules("QN-ST-01").keySet()).containsExactlyInAnyOrder("offline", "device-error");
        assertThat(rules("QN-CW-01").keySet()).containsExactlyInAnyOrder("offline", "device-error");
        assertThat(rules("QN-ST-01").get("offline").offlineAfter()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void overridesChangeOrDisableOneStationsRule() {
        RuleBook changed = book
                .withOverride(new RuleOverride("QN-AQ-01", "qcvn05-2023.SO2.1h", Optional.empty(),
                        Optional.empty(), Optional.of(300.0), Optional.of(Severity.WARNING),
                        Optional.of(Duration.ofMinutes(10)), "test"))
                .withOverride(new RuleOverride("QN-AQ-01", "offline", Optional.of(false), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), "test"));
        Station aq01 = CATALOG.byCode("QN-AQ-01").orElseThrow();
        Station aq02 = CATALOG.byCode("QN-AQ-02").orElseThrow();
        StationRule so2 = changed.forStation(aq01).stream().filter(r -> r.id().equals("qcvn05-2023.SO2.1h"))
                .findFirst().orElseThrow();
        assertThat(so2.upper()).isEqualTo(300.0);
        assertThat(so2.severity()).isEqualTo(Severity.WARNING);
        assertThat(so2.persistFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(changed.forStation(aq01)).extracting(StationRule::id).doesNotContain("offline");
        assertThat(changed.forStation(aq02)).extracting(StationRule::id).contains("offline");
        assertThat(changed.withoutOverride("QN-AQ-01", "offline").forStation(aq01)).extracting(StationRule::id)
                .contains("offline");
        assertThatThrownBy(() -> book.withOverride(new RuleOverride("QN-AQ-01", "no-such-rule", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "test")))
                .hasMessageContaining("unknown rule no-such-rule");
    }

    @Test
    void aRuleIsInForceFromLocalMidnightOfItsEffectiveDay() {
        AlertRule so2 = book.rule("qcvn05-2023.SO2.1h").orElseThrow();
        assertThat(so2.effectiveFrom()).hasToString("2023-09-12");
        // 2023-09-12T00:00 in Hanoi is 2023-09-11T17:00Z
        assertThat(so2.inForceAt(Instant.parse("2023-09-11T17:00:00Z"))).isTrue();
        assertThat(so2.inForceAt(Instant.parse("2023-09-11T16:59:59Z"))).isFalse();
        // PM2.5 24 h: 50 until the end of 2025, 45 from 2026-01-01 (local time)
        AlertRule pm50 = book.rule("qcvn05-2023.PM25.24h").orElseThrow();
        AlertRule pm45 = book.rule("qcvn05-2023.PM25.24h.2026").orElseThrow();
        assertThat(pm50.upper()).contains(50.0);
        assertThat(pm45.upper()).contains(45.0);
        Instant newYear = Instant.parse("2025-12-31T17:00:00Z");
        assertThat(pm50.inForceAt(newYear.minusSeconds(1))).isTrue();
        assertThat(pm50.inForceAt(newYear)).isFalse();
        assertThat(pm45.inForceAt(newYear.minusSeconds(1))).isFalse();
        assertThat(pm45.inForceAt(newYear)).isTrue();
    }

    @Test
    void ruleFilesAreValidatedWithClearMessages() {
        assertThatThrownBy(() -> parse("version: 1\nruleSets:\n  - id: x\n    source: s\n    effectiveFrom: 2024-01-01\n"
                + "    rules:\n      - {parameter: SO2, window: 1h}\n"))
                .hasMessageContaining("rule set x").hasMessageContaining("needs max");
        assertThatThrownBy(() -> parse("version: 1\nruleSets:\n  - id: x\n    source: s\n    effectiveFrom: 2024-01-01\n"
                + "    rules:\n      - {parameter: SO2, max: 1, window: 1 hour}\n"))
                .hasMessageContaining("window '1 hour' is invalid");
        assertThatThrownBy(() -> parse("version: 1\nruleSets:\n  - id: x\n    source: s\n    effectiveFrom: 2024-01-01\n"
                + "    rules:\n      - {parameter: SO2, max: 1}\n      - {parameter: SO2, max: 2}\n"))
                .hasMessageContaining("duplicate rule id x.SO2");
        assertThatThrownBy(() -> parse("version: 1\nruleSets: []\noverrides:\n  - {station: QN-AQ-01, rule: nope}\n"))
                .hasMessageContaining("unknown rule nope");
        RuleFile.Content ok = parse("version: 1\nruleSets:\n  - id: x\n    source: s\n    effectiveFrom: 2024-01-01\n"
                + "    effectiveTo: 2025-02-01\n    rules:\n      - {parameter: SO2, max: 1, hysteresis: \"10%\"}\n");
        assertThat(ok.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("x.SO2");
            assertThat(r.effectiveTo()).hasValueSatisfying(d -> assertThat(d).hasToString("2025-02-01"));
            assertThat(r.hysteresis()).isEqualTo(new Hysteresis(0.1, true));
        });
    }

    private static RuleFile.Content parse(String yaml) {
        return RuleFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

}
