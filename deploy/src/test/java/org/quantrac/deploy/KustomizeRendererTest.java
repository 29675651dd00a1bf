package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeRendererTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: web
                      image: example/web:1.0
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                    - name: sidecar
                      image: example/sidecar:2.0
            """;

    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata: {name: t}
            spec:
              partitions: 3
              config: {retention.ms: 1000, cleanup.policy: delete}
            """;

    private void write(String file, String text) throws IOException {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), text);
    }

    private void base() throws IOException {
        write("base/kustomization.yaml", "resources: [web.yaml, topic.yaml]\nnamespace: q\n");
        write("base/web.yaml", DEPLOYMENT);
        write("base/topic.yaml", TOPIC);
    }

    @Test
    void strategicMergeMergesContainersAndEnvByNameAndKeepsTheRest() throws IOException {
        base();
        write("over/kustomization.yaml", "resources: [../base]\npatches:\n  - path: p.yaml\n");
        write("over/p.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: web
                          env:
                            - {name: B, value: "20"}
                            - {name: C, value: "3"}
                """);
        ObjectNode web = KustomizeRenderer.render(dir.resolve("over")).get(0);

        assertThat(web.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(web.at("/spec/template/spec/containers").size()).isEqualTo(2);
        assertThat(web.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("example/web:1.0");
        assertThat(web.at("/spec/template/spec/containers/0/env").toString())
                .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"20\"},"
                        + "{\"name\":\"C\",\"value\":\"3\"}]");
        assertThat(web.at("/metadata/namespace").asText()).isEqualTo("q");
    }

    @Test
    void customResourcesGetAJsonMergePatch() throws IOException {
        base();
        write("over/kustomization.yaml", "resources: [../base]\npatches:\n  - path: p.yaml\n");
        write("over/p.yaml", """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec:
                  config: {retention.ms: 5, cleanup.policy: null}
                """);
        ObjectNode topic = KustomizeRenderer.render(dir.resolve("over")).get(1);

        assertThat(topic.at("/spec").toString()).isEqualTo("{\"partitions\":3,\"config\":{\"retention.ms\":5}}");
    }

    @Test
    void imagesRenameOnlyTheMatchingImage() throws IOException {
        base();
        write("over/kustomization.yaml", """
                resources: [../base]
                images:
                  - {name: example/web, newName: registry.example/web, newTag: "2.0"}
                """);
        ObjectNode web = KustomizeRenderer.render(dir.resolve("over")).get(0);

        assertThat(web.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/web:2.0");
        assertThat(web.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("example/sidecar:2.0");
    }

    @Test
    void configMapGeneratorReadsFilesIntoData() throws IOException {
        write("k/kustomization.yaml", """
                configMapGenerator:
                  - name: dashboards
                    options: {disableNameSuffixHash: true, labels: {grafana_dashboard: "1"}}
                    files: [a.json]
                """);
        write("k/a.json", "{\"x\": 1}");
        List<ObjectNode> out = KustomizeRenderer.render(dir.resolve("k"));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                + "{\"name\":\"dashboards\",\"labels\":{\"grafana_dashboard\":\"1\"}},\"data\":{\"a.json\":\"{\\\"x\\\": 1}\"}}");
    }

    @Test
    void anUnsupportedKustomizationFieldIsAnErrorNotIgnored() throws IOException {
        base();
        write("over/kustomization.yaml", "resources: [../base]\ncommonLabels: {a: b}\n");

        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("over")))
                .hasMessageContaining("field 'commonLabels' is not supported");
    }

    @Test
    void aPatchThatMatchesNothingIsAnError() throws IOException {
        base();
        write("over/kustomization.yaml", "resources: [../base]\npatches:\n  - path: p.yaml\n");
        write("over/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: webb}\nspec: {replicas: 1}\n");

        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("over")))
                .hasMessageContaining("patch of Deployment/webb matches 0 objects");
    }

    @Test
    void generatedNamesWithHashSuffixesAreRefused() throws IOException {
        write("k/kustomization.yaml", "configMapGenerator:\n  - name: c\n    files: [a.txt]\n");
        write("k/a.txt", "x");

        assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("k")))
                .hasMessageContaining("must set options.disableNameSuffixHash: true");
    }
}
