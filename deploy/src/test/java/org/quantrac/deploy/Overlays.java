package org.quantrac.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The repository's k8s/ folder and its rendered overlays (rendered once per test run). */
final class Overlays {

    static final List<String> NAMES = List.of("dev", "production");

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Path k8s() {
        Path dir = Path.of(System.getProperty("quantrac.k8s.dir", "../k8s")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("base"))) {
            throw new IllegalStateException("no k8s/base under " + dir + " (set -Dquantrac.k8s.dir)");
        }
        return dir;
    }

    static List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> KustomizeRenderer.render(k8s().resolve("overlays").resolve(o)));
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    /** Workloads (Deployments, StatefulSets, Jobs) of the Quantrac image: label app.kubernetes.io/name=quantrac. */
    static List<ObjectNode> quantracWorkloads(List<ObjectNode> objects) {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "Job").contains(o.path("kind").asText()))
                .filter(o -> o.path("metadata").path("labels").path("app.kubernetes.io/name").asText()
                        .equals("quantrac")).toList();
    }

    static JsonNode onlyContainer(JsonNode workload) {
        JsonNode containers = PodTemplates.podSpec(workload).path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(workload.path("metadata").path("name").asText() + " has " + containers.size()
                    + " containers, expected 1");
        }
        return containers.get(0);
    }
}
