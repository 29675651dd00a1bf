package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.tt10.Tt10Text;

class PayloadTest {

    private final Station station = StationCatalog.builtIn().byCode("QN-AQ-01").orElseThrow();
    private final Observation o = new SignalModel(9).observe(station, Instant.parse("2026-11-28T00:05:00Z"));

    @Test
    void jsonFollowsTheStationProtocolWithLocalOffset() throws Exception {
        JsonNode root = new ObjectMapper().readTree(new String(JsonPayload.encode(o), StandardCharsets.UTF_8));
        assertThat(root.get("station").asText()).isEqualTo("QN-AQ-01");
        assertThat(root.get("time").asText()).isEqualTo("2026-11-28T07:05:00+07:00");
        assertThat(root.get("values")).hasSize(station.parameters().size());
        JsonNode first = root.get("values").get(0);
        assertThat(first.get("parameter").asText()).isEqualTo("PM2,5");
        assertThat(first.get("unit").asText()).isEqualTo("µg/Nm3");
        assertThat(first.get("status").asText()).isEqualTo("00");
        assertThat(first.get("value").asDouble()).isEqualTo(o.values().get(0).value());
    }

    /** The streaming encoder writes exactly what serialising a tree of the same fields wrote (its predecessor). */
    @Test
    void jsonBytesEqualThoseOfTheSameTreeSerialised() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SignalModel model = new SignalModel(11);
        for (Station s : StationCatalog.builtIn().all()) {
            for (int minute = 0; minute < 30; minute += 7) {
                Observation obs = model.observe(s, Instant.parse("2026-11-28T00:00:00Z").plusSeconds(60L * minute));
                com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
                root.put("station", obs.station().code());
                root.put("time", org.quantrac.simulator.signal.StationClock.iso(obs.time()));
                com.fasterxml.jackson.databind.node.ArrayNode values = root.putArray("values");
                for (org.quantrac.simulator.signal.Measurement m : obs.values()) {
                    com.fasterxml.jackson.databind.node.ObjectNode v = values.addObject();
                    v.put("parameter", m.parameter().symbol());
                    v.put("value", m.value());
                    v.put("unit", m.parameter().unit());
                    v.put("status", m.status().code());
                }
                assertThat(JsonPayload.encode(obs)).isEqualTo(mapper.writeValueAsBytes(root));
            }
        }
    }

    @Test
    void tt10HasOneTabSeparatedLinePerParameterInLocalTime() {
        String text = Tt10Text.lines(o);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(station.parameters().size());
        String[] f = lines[0].split("\t");
        assertThat(f).containsExactly("PM2,5", f[1], "µg/Nm3", "20261128070500", "00");
        assertThat(Double.parseDouble(f[1])).isEqualTo(o.values().get(0).value());
        assertThat(Tt10Text.fileName(o)).isEqualTo("QN-AQ-01_20261128070500.txt");
    }

    @Test
    void stateMessagesAreOnlineWithTimeOrOffline() {
        assertThat(new String(JsonPayload.state(true, Instant.parse("2026-11-28T00:00:00Z")), StandardCharsets.UTF_8))
                .isEqualTo("{\"state\":\"online\",\"time\":\"2026-11-28T07:00:00+07:00\"}");
        assertThat(new String(JsonPayload.state(false, null), StandardCharsets.UTF_8))
                .isEqualTo("{\"state\":\"offline\"}");
    }
}
