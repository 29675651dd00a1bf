package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StationTopicTest {

    @Test
    void parsesTheProtocolsTopics() {
        assertThat(StationTopic.parse("stations/QN-AQ-01/data")).contains(
                new StationTopic("QN-AQ-01", StationTopic.Kind.DATA));
        assertThat(StationTopic.parse("stations/QN-AQ-02/tt10")).contains(
                new StationTopic("QN-AQ-02", StationTopic.Kind.TT10));
        assertThat(StationTopic.parse("stations/QN-AQ-02/state").map(StationTopic::topic))
                .contains("stations/QN-AQ-02/state");
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(StationTopic.parse("stations/QN-AQ-01/other")).isEmpty();
        assertThat(StationTopic.parse("stations//data")).isEmpty();
        assertThat(StationTopic.parse("stations/QN-AQ-01/data/x")).isEmpty();
        assertThat(StationTopic.parse("other/QN-AQ-01/data")).isEmpty();
        assertThat(StationTopic.parse("stations/QN-AQ-01")).isEmpty();
    }

    @Test
    void sharedFilters() {
        assertThat(StationTopic.sharedFilter("g1", StationTopic.Kind.TT10)).isEqualTo("$share/g1/stations/+/tt10");
    }

    @Test
    void shareGroupNoneSubscribesWithoutSharing() {
        assertThat(StationTopic.sharedFilter("quantrac-connectors", StationTopic.Kind.values()[0]))
                .startsWith("$share/quantrac-connectors/stations/+/");
        assertThat(StationTopic.sharedFilter(StationTopic.NO_SHARING, StationTopic.Kind.values()[0]))
                .startsWith("stations/+/").doesNotContain("$share");
    }
}
