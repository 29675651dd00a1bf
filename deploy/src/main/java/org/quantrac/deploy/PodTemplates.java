package org.quantrac.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Where the containers of a workload's pod template are, in the raw (JSON) form of a manifest. */
final class PodTemplates {

    private PodTemplates() {
    }

    static JsonNode podSpec(JsonNode object) {
        return switch (object.path("kind").asText()) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" ->
                    object.path("spec").path("template").path("spec");
            case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            case "Pod" -> object.path("spec");
            default -> com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        };
    }

    static List<JsonNode> containerLists(JsonNode object) {
        JsonNode spec = podSpec(object);
        return List.of(KustomizeRenderer.array(spec.path("initContainers")),
                KustomizeRenderer.array(spec.path("containers")));
    }
}
