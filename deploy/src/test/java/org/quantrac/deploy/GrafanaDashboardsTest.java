package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboards ship in a ConfigMap; they must be valid JSON with the data sources Grafana is provisioned with. */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothDashboardsAreProvisionedWithUniqueUidsAndPanelIds() throws Exception {
        JsonNode cm = Overlays.named(Overlays.render("production"), "ConfigMap", "quantrac-grafana-dashboards");
        assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        List<String> uids = new ArrayList<>();
        for (String file : List.of("pipeline.json", "air-quality.json")) {
            JsonNode d = JSON.readTree(cm.at("/data/" + file).asText());
            uids.add(d.path("uid").asText());
            Set<Integer> ids = new TreeSet<>();
            d.path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("%s panel id", file).isTrue());
            assertThat(ids).as(file).hasSizeGreaterThanOrEqualTo(4);
        }
        assertThat(uids).containsExactly("quantrac-pipeline", "quantrac-air-quality");
    }

    @Test
    void everyPanelQueriesAProvisionedDataSourceType() throws Exception {
        List<ObjectNodeAndFile> panels = new ArrayList<>();
        JsonNode cm = Overlays.named(Overlays.render("dev"), "ConfigMap", "quantrac-grafana-dashboards");
        for (String file : List.of("pipeline.json", "air-quality.json")) {
            JSON.readTree(cm.at("/data/" + file).asText()).path("panels")
                    .forEach(p -> panels.add(new ObjectNodeAndFile(file, p)));
        }
        JsonNode provisioning = KustomizeRenderer.YAML.readTree(Overlays.named(Overlays.render("dev"), "ConfigMap",
                "quantrac-grafana-provisioning").at("/data/datasources.yaml").asText());
        Set<String> types = new TreeSet<>(provisioning.path("datasources").findValuesAsText("type"));

        assertThat(types).containsExactly("grafana-postgresql-datasource", "prometheus");
        for (ObjectNodeAndFile p : panels) {
            assertThat(types).as("%s: %s", p.file(), p.panel().path("title")).contains(p.panel().at("/datasource/type")
                    .asText());
            assertThat(p.panel().path("targets").size()).isPositive();
            // Pipeline panels are Prometheus queries of Quantrac metrics; air-quality panels are SQL.
            p.panel().path("targets").forEach(t -> assertThat(t.has("expr") ? t.path("expr").asText()
                    : t.path("rawSql").asText()).containsAnyOf("quantrac_", "up{", "FROM "));
        }
    }

    private record ObjectNodeAndFile(String file, JsonNode panel) {
    }
}
