package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every overlay, rendered: valid Kubernetes, and in agreement with the code it deploys. */
class ManifestsTest {

    static final List<String> OVERLAYS = Overlays.NAMES;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyManifestParsesStrictlyAndNamesAreUnique(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : objects) {
            assertThatCode(() -> StrictModel.parse(o)).doesNotThrowAnyException();
            assertThat(ids.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()))
                    .as("duplicate %s", o.path("metadata").path("name")).isTrue();
            if (!o.path("kind").asText().equals("Namespace")) {
                assertThat(o.at("/metadata/namespace").asText()).isEqualTo("quantrac");
            }
        }
        assertThat(Overlays.ofKind(objects, "Deployment")).extracting(d -> d.at("/metadata/name").asText())
                .containsAll(List.of("processor", "alerting", "portal", "mosquitto"));
        // Stable names: connectors for their MQTT client ids and buffers, the database for its volume.
        assertThat(Overlays.ofKind(objects, "StatefulSet")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("connectors", "timescaledb");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyQuantracVariableIsAKeyTheRoleReads(String overlay) throws IOException {
        List<ObjectNode> objects = Overlays.render(overlay);
        List<ObjectNode> workloads = Overlays.quantracWorkloads(objects);
        assertThat(workloads).isNotEmpty();
        for (ObjectNode w : workloads) {
            JsonNode container = Overlays.onlyContainer(w);
            String role = container.path("args").path(0).asText();
            Map<String, String> env = roleEnvironment(objects, w);
            Set<String> others = new TreeSet<>(env.keySet());
            others.removeIf(k -> k.startsWith("QUANTRAC_") || k.equals("JAVA_TOOL_OPTIONS"));
            for (String other : others) {
                // Only a variable a mounted file names (subscriptions' secretEnv) may be outside the QUANTRAC_ space.
                assertThat(mountedText(objects, w)).as("%s sets %s, which nothing reads", role, other)
                        .contains("secretEnv: " + other);
            }
            assertThatCode(() -> RoleConfig.read(role, env)).as("%s in %s", role, overlay)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void portsAndProbesAgreeWithTheRolesConfiguration(String overlay) throws IOException {
        List<ObjectNode> objects = Overlays.render(overlay);
        for (ObjectNode w : Overlays.quantracWorkloads(objects)) {
            JsonNode container = Overlays.onlyContainer(w);
            RoleConfig config = RoleConfig.read(container.path("args").path(0).asText(), roleEnvironment(objects, w));
            Map<String, Integer> ports = containerPorts(container);
            if (config.opsPort() == 0) {
                assertThat(container.has("livenessProbe")).isFalse();
                continue;
            }
            assertThat(ports).containsEntry("ops", config.opsPort());
            // The kubelet probes the pod's IP: an ops server on loopback would fail every probe.
            assertThat(config.opsHost()).as(config.role()).isEqualTo("0.0.0.0");
            config.ports().forEach((name, port) -> assertThat(ports).containsEntry(name, port));
            assertThat(ports).hasSize(1 + config.ports().size());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (container.has(probe)) {
                    assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("ops");
                    assertThat(container.path(probe).path("httpGet").path("path").asText())
                            .isEqualTo(probe.equals("readinessProbe") ? OpsPaths.READY : OpsPaths.LIVE);
                }
            }
            assertThat(container.has("livenessProbe") && container.has("readinessProbe")).isTrue();
            assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesPdbsAndAutoscalersPointAtWhatExists(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        for (ObjectNode s : Overlays.ofKind(objects, "Service")) {
            List<JsonNode> pods = podsSelectedBy(objects, s.at("/spec/selector"));
            assertThat(pods).as("service %s", s.at("/metadata/name")).isNotEmpty();
            for (JsonNode p : s.at("/spec/ports")) {
                for (JsonNode pod : pods) {
                    assertThat(pod.path("containers").findValues("ports").stream()
                            .flatMap(l -> toList(l).stream()).map(cp -> cp.path("name").asText()))
                            .as("service %s port %s", s.at("/metadata/name"), p.path("targetPort"))
                            .contains(p.path("targetPort").asText());
                }
            }
        }
        for (ObjectNode pdb : Overlays.ofKind(objects, "PodDisruptionBudget")) {
            assertThat(podsSelectedBy(objects, pdb.at("/spec/selector/matchLabels"))).hasSize(1);
        }
        for (ObjectNode hpa : Overlays.ofKind(objects, "HorizontalPodAutoscaler")) {
            ObjectNode target = Overlays.named(objects, hpa.at("/spec/scaleTargetRef/kind").asText(),
                    hpa.at("/spec/scaleTargetRef/name").asText());
            assertThat(hpa.at("/spec/minReplicas").asInt()).isLessThanOrEqualTo(hpa.at("/spec/maxReplicas").asInt());
            assertThat(target.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(hpa.at("/spec/minReplicas").asInt());
        }
        assertThat(Overlays.ofKind(objects, "HorizontalPodAutoscaler")).extracting(h -> h.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("connectors", "portal");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyQuantracContainerRunsTheSameImage(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        Set<String> images = new TreeSet<>();
        Overlays.quantracWorkloads(objects).forEach(w -> images.add(Overlays.onlyContainer(w).path("image").asText()));
        assertThat(images).containsExactly(overlay.equals("production")
                ? "registry.quangninh.example.vn/quantrac/quantrac:0.1.0" : "quantrac/quantrac:0.1.0-SNAPSHOT");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyThePortalIsOpenToAnyoneAndOnlyConnectorsReachTheBrokerInside(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        List<String> open = new ArrayList<>();
        Set<String> mqttPeers = new TreeSet<>();
        for (ObjectNode np : Overlays.ofKind(objects, "NetworkPolicy")) {
            for (JsonNode rule : np.at("/spec/ingress")) {
                if (!rule.has("from")) {
                    open.add(np.at("/metadata/name").asText());
                }
                if (np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText().equals("mosquitto")) {
                    rule.path("from").forEach(peer -> mqttPeers.add(peer.has("ipBlock") ? "ipBlock"
                            : peer.at("/podSelector/matchLabels/app.kubernetes.io~1component").asText()));
                }
            }
        }
        assertThat(open).containsExactly("portal-from-anywhere");
        assertThat(Overlays.named(objects, "NetworkPolicy", "default-deny-ingress").at("/spec/podSelector").size())
                .isZero();
        assertThat(mqttPeers).containsExactlyElementsOf(overlay.equals("dev")
                ? List.of("connectors", "ipBlock", "simulator") : List.of("connectors", "ipBlock"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theSimulatorRunsOnlyInDev(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        assertThat(Overlays.quantracWorkloads(objects)).extracting(w -> Overlays.onlyContainer(w).at("/args/0").asText())
                .containsExactlyInAnyOrderElementsOf(overlay.equals("dev")
                        ? List.of("migrate", "connectors", "processor", "alerting", "portal", "simulate")
                        : List.of("migrate", "connectors", "processor", "alerting", "portal"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void processorReplicasDoNotExceedTheReadingsPartitions(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        int partitions = Overlays.named(objects, "KafkaTopic", "quantrac.readings.v1").at("/spec/partitions").asInt();
        int replicas = Overlays.named(objects, "Deployment", "processor").at("/spec/replicas").asInt();
        int brokers = Overlays.named(objects, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt();
        assertThat(replicas).isBetween(1, partitions);
        for (ObjectNode topic : Overlays.ofKind(objects, "KafkaTopic")) {
            assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(brokers);
            assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(Math.min(2, brokers));
        }
    }

    /**
     * The container's environment, with each {@code QUANTRAC_*_FILE} path checked to lie on one of its mounts and
     * replaced by a local copy of the mounted content (the roles check that their files exist).
     */
    private Map<String, String> roleEnvironment(List<ObjectNode> objects, JsonNode workload) throws IOException {
        JsonNode container = Overlays.onlyContainer(workload);
        Map<String, String> env = new HashMap<>(ContainerEnvironment.resolve(objects, container));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("QUANTRAC_") && e.getKey().endsWith("_FILE")) {
                assertThat(mountPaths(container)).as(e.getKey()).anyMatch(m -> e.getValue().startsWith(m + "/"));
                e.setValue(mountedFile(objects, workload, container, e.getValue()).toString());
            }
        }
        return env;
    }

    private static Set<String> mountPaths(JsonNode container) {
        Set<String> out = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
        return out;
    }

    /** The file a mounted ConfigMap would put at {@code path}, copied to a temporary file. */
    private Path mountedFile(List<ObjectNode> objects, JsonNode workload, JsonNode container, String path)
            throws IOException {
        for (JsonNode m : container.path("volumeMounts")) {
            String mount = m.path("mountPath").asText();
            if (path.startsWith(mount + "/")) {
                JsonNode volume = volume(workload, m.path("name").asText());
                String cm = volume.at("/configMap/name").asText();
                String content = ContainerEnvironment.data(objects, "ConfigMap", cm, path)
                        .get(path.substring(mount.length() + 1));
                assertThat(content).as("%s in ConfigMap %s", path, cm).isNotNull();
                Path file = Files.createTempFile(tmp, "mounted", ".yaml");
                Files.writeString(file, content);
                return file;
            }
        }
        throw new AssertionError(path + " is on no mount");
    }

    private static String mountedText(List<ObjectNode> objects, JsonNode workload) {
        StringBuilder sb = new StringBuilder();
        PodTemplates.podSpec(workload).path("volumes").forEach(v -> {
            if (v.has("configMap")) {
                ContainerEnvironment.data(objects, "ConfigMap", v.at("/configMap/name").asText(), "volume")
                        .values().forEach(sb::append);
            }
        });
        return sb.toString();
    }

    private static JsonNode volume(JsonNode workload, String name) {
        for (JsonNode v : PodTemplates.podSpec(workload).path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> out = new HashMap<>();
        container.path("ports").forEach(p -> out.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return out;
    }

    /** Pod specs of workloads whose template labels include every label of the selector. */
    private static List<JsonNode> podsSelectedBy(List<ObjectNode> objects, JsonNode selector) {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            JsonNode labels = o.at("/spec/template/metadata/labels");
            if (labels.isMissingNode() || selector.isEmpty()) {
                continue;
            }
            boolean all = true;
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                all &= labels.path(e.getKey()).equals(e.getValue());
            }
            if (all) {
                out.add(PodTemplates.podSpec(o));
            }
        }
        return out;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
