package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.MqttConfig;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

class SubscriptionPlanTest {

    static final List<String> CODES = StationCatalog.builtIn().all().stream().map(Station::code)
            .collect(Collectors.toList());

    static MqttConnectorSettings settings(String group, StationAssignment assignment) {
        return new MqttConnectorSettings(new MqttConfig("tcp://127.0.0.1:1883", "u", "", "", ""), "c", group,
                Duration.ofDays(1), 100, Duration.ofSeconds(30), MqttProtocol.V5, assignment);
    }

    @Test
    void theBucketOfAStationIsFixedByTheFormula() {
        // CRC-32 of the UTF-8 code modulo the count (values from an independent CRC-32, Python's zlib.crc32): pinned
        // so that no JVM, version or catalog order moves a station to another replica.
        assertThat(StationAssignment.bucket("QN-AQ-01", 2)).isEqualTo((int) (4219981497L % 2));
        assertThat(StationAssignment.bucket("QN-AQ-01", 3)).isZero();
        assertThat(StationAssignment.bucket("QN-AQ-04", 2)).isZero();
        assertThat(StationAssignment.bucket("QN-AQ-03", 3)).isEqualTo(2);
        assertThat(StationAssignment.bucket("QN-AQ-06", 3)).isEqualTo(1);
        assertThat(StationAssignment.fixed(1, 2).owns("QN-AQ-01")).isTrue();
        assertThat(StationAssignment.fixed(0, 2).owns("QN-AQ-01")).isFalse();
        assertThat(StationAssignment.shared().owns("QN-AQ-01")).isTrue();
    }

    @Test
    void staticReplicasSplitTheCatalogWithoutOverlapOrGap() {
        for (int count : new int[] {1, 2, 3, 5}) {
            Set<String> seen = new HashSet<>();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SubscriptionPlan plan = SubscriptionPlan.of(settings("none", StationAssignment.fixed(i, count)), CODES);
                List<String> mine = plan.subscribe();
                assertThat(mine).allMatch(f -> f.matches("stations/[^/+#]+/\\+"));
                mine.forEach(f -> assertThat(seen.add(f)).as("%s read by two replicas", f).isTrue());
                sizes.add(mine.size());
                assertThat(plan.stations()).isEqualTo(mine.size());
                // Whatever an earlier configuration left in the session is removed: the plain wildcards and every
                // other replica's stations.
                assertThat(plan.unsubscribe()).contains("stations/+/data", "stations/+/tt10", "stations/+/state")
                        .hasSize(3 + CODES.size() - mine.size()).doesNotContainAnyElementsOf(mine);
            }
            assertThat(seen).hasSize(CODES.size());
            // A hash, not a balanced partition; with 140 stations no replica is far from its share.
            assertThat(sizes).allMatch(n -> n > CODES.size() / count / 2);
        }
    }

    @Test
    void sharedAndUnsharedPlansRemoveThePerStationSubscriptionsOfAStaticPast() {
        SubscriptionPlan shared = SubscriptionPlan.of(settings("g1", StationAssignment.shared()), CODES);
        assertThat(shared.subscribe()).containsExactly("$share/g1/stations/+/data", "$share/g1/stations/+/tt10",
                "$share/g1/stations/+/state");
        assertThat(shared.unsubscribe()).hasSize(3 + CODES.size()).contains("stations/+/data", "stations/QN-AQ-01/+");
        assertThat(shared.stations()).isEqualTo(-1);

        SubscriptionPlan none = SubscriptionPlan.of(settings("none", StationAssignment.shared()), CODES);
        assertThat(none.subscribe()).containsExactly("stations/+/data", "stations/+/tt10", "stations/+/state");
        assertThat(none.unsubscribe()).hasSize(CODES.size()).doesNotContain("stations/+/data");
    }

    @Test
    void codesThatCannotStandInAFilterAreLeftOut() {
        List<String> codes = List.of("A-1", "B/2", "C+3", "D#4");
        SubscriptionPlan plan = SubscriptionPlan.of(settings("none", StationAssignment.fixed(0, 1)), codes);
        assertThat(plan.subscribe()).containsExactly("stations/A-1/+");
        assertThat(plan.unsubscribe()).containsExactly("stations/+/data", "stations/+/tt10", "stations/+/state");
    }
}
