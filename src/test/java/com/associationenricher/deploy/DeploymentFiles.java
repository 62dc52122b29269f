package com.associationenricher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the deployment files of the repository (tests run from the project directory) and reads their YAML. */
final class DeploymentFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private DeploymentFiles() {
    }

    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
            throw new IllegalStateException("tests must run from the project directory, not " + dir);
        }
        return dir;
    }

    static Path composeFile() {
        return projectDir().resolve("docker-compose.yml");
    }

    static Path kubernetesDir() {
        return projectDir().resolve("k8s");
    }

    /** Every document of a YAML text, empty documents left out. */
    static List<JsonNode> documents(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readValues(YAML.createParser(yaml), JsonNode.class)) {
            return docs.readAll().stream().filter(doc -> doc != null && !doc.isNull() && !doc.isMissingNode()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML", e);
        }
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every Kubernetes document under k8s/ (the validator's own directory excluded) with the file it came from. */
    static List<KubernetesDocument> kubernetesDocuments() {
        Path root = kubernetesDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files
                    .filter(file -> !file.startsWith(root.resolve("validate")))
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .flatMap(file -> documents(file).stream().map(doc -> new KubernetesDocument(root.relativize(file), doc)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** One YAML document of a file under k8s/. */
    record KubernetesDocument(Path file, JsonNode content) {
        String kind() {
            return content.path("kind").asText();
        }

        String name() {
            return content.path("metadata").path("name").asText();
        }
    }
}
