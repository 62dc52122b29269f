package com.associationenricher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a docker-compose file the checks need, read from its YAML as written: services, their images,
 * environment (map or {@code KEY=VALUE} list form), dependencies with their conditions, and health checks.
 */
record ComposeFile(JsonNode root) {

    static ComposeFile parse(String yaml) {
        List<JsonNode> documents = DeploymentFiles.documents(yaml);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("a compose file is one YAML document, got " + documents.size());
        }
        return new ComposeFile(documents.get(0));
    }

    List<String> services() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new IllegalArgumentException("no service " + name + " in the compose file");
        }
        return service;
    }

    Optional<String> image(String service) {
        JsonNode image = service(service).path("image");
        return image.isTextual() ? Optional.of(image.asText()) : Optional.empty();
    }

    /** The variables a service sets; a variable listed without a value (passed from the host) maps to "". */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(service).path("environment");
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> env.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String text = item.asText();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return env;
    }

    /** Service waited for -> condition; the short list form means service_started. */
    Map<String, String> dependsOn(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        JsonNode node = service(service).path("depends_on");
        if (node.isArray()) {
            node.forEach(name -> conditions.put(name.asText(), "service_started"));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field ->
                    conditions.put(field.getKey(), field.getValue().path("condition").asText("service_started")));
        }
        return conditions;
    }

    boolean hasHealthcheck(String service) {
        JsonNode check = service(service).path("healthcheck");
        return check.path("test").size() > 0 || check.path("test").isTextual();
    }

    List<String> volumes(String service) {
        List<String> volumes = new ArrayList<>();
        service(service).path("volumes").forEach(volume -> volumes.add(volume.asText()));
        return volumes;
    }

    List<String> namedVolumes() {
        List<String> names = new ArrayList<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
