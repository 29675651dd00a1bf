package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class StrictModelTest {

    private static JsonNode yaml(String text) throws Exception {
        return KustomizeRenderer.YAML.readTree(text);
    }

    @Test
    void aValidDeploymentParsesIntoTheTypedModel() throws Exception {
        HasMetadata d = StrictModel.parse(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: web, image: x:1, resources: {requests: {cpu: 100m}}}]
                """));

        assertThat(d).isInstanceOf(Deployment.class);
        assertThat(((Deployment) d).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void misspelledFieldsAreReportedWithTheirPaths() throws Exception {
        JsonNode typo = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicass: 2
                  template:
                    spec:
                      containers: [{name: web, image: x:1, livenessProbe: {httpGet: {path: /h, port: 1}, periodSecond: 5}}]
                """);

        assertThatThrownBy(() -> StrictModel.parse(typo)).hasMessage(
                "Deployment/web: unknown fields [.spec.replicass, "
                        + ".spec.template.spec.containers[0].livenessProbe.periodSecond]");
    }

    @Test
    void strimziKindsAreAcceptedAsGenericResourcesButUnknownKindsAreNot() throws Exception {
        assertThat(StrictModel.parse(yaml("apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\n"
                + "metadata: {name: t}\nspec: {partitions: 3}\n"))).isInstanceOf(GenericKubernetesResource.class);

        assertThatThrownBy(() -> StrictModel.parse(yaml("apiVersion: example.org/v1\nkind: Kafkaa\n"
                + "metadata: {name: t}\n"))).hasMessageContaining("kind Kafkaa (example.org/v1) is not a Kubernetes kind");
    }
}
