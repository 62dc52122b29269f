package com.associationenricher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.deploy.DeploymentFiles.KubernetesDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which image runs what: the Dockerfile's default target is the service (service jar only), its {@code tools} target
 * the simulator (tools jar); compose builds each service from the right target and Kubernetes deploys the service
 * image. Base images are build arguments, so a team behind a registry mirror builds the file unchanged.
 */
class ImagesTest {
    static final String SERVICE_JAR = "/app/association-enricher.jar";
    static final String TOOLS_JAR = "/app/association-enricher-tools.jar";

    private static Dockerfile dockerfile() throws IOException {
        return Dockerfile.parse(Files.readString(DeploymentFiles.projectDir().resolve("Dockerfile")));
    }

    private static ComposeFile compose() throws IOException {
        return ComposeFile.parse(Files.readString(DeploymentFiles.composeFile()));
    }

    @Test
    void everyBaseImageIsABuildArgumentDefaultingToTodaysOfficialImage() throws IOException {
        Dockerfile dockerfile = dockerfile();

        assertThat(dockerfile.externalBases()).allMatch(from -> from.matches("\\$\\{[A-Z_]+}"),
                "a ${BUILD_ARG} declared before the first FROM");
        assertThat(dockerfile.externalBases().stream().map(dockerfile::resolve))
                .containsExactlyInAnyOrder("maven:3.9-eclipse-temurin-17", "eclipse-temurin:17-jre");
    }

    @Test
    void theDefaultTargetIsTheServiceRunningOnlyTheServiceJar() throws IOException {
        Dockerfile dockerfile = dockerfile();
        Dockerfile.Stage service = dockerfile.defaultTarget();

        assertThat(service.name()).isEqualTo("service");
        assertThat(service.instruction("ENTRYPOINT")).hasValueSatisfying(entry -> assertThat(entry).contains(SERVICE_JAR));
        assertThat(service.instruction("CMD")).hasValueSatisfying(cmd -> assertThat(cmd).contains("\"run\""));
        assertThat(String.join("\n", dockerfile.instructionsWithBases(service))).doesNotContain("tools");
    }

    @Test
    void theToolsTargetRunsTheToolsJar() throws IOException {
        Dockerfile.Stage tools = dockerfile().stage("tools");

        assertThat(tools.instruction("ENTRYPOINT")).hasValueSatisfying(entry -> assertThat(entry).contains(TOOLS_JAR));
        assertThat(String.join("\n", tools.instructions())).contains("association-enricher-tools.jar");
    }

    @Test
    void composeBuildsTheSimulatorFromTheToolsTargetAndTheServicesFromTheDefault() throws IOException {
        ComposeFile compose = compose();

        assertThat(compose.service("hubspot-simulator").path("build").path("target").asText()).isEqualTo("tools");
        for (String service : List.of("enricher", "webhook-ingress")) {
            assertThat(compose.service(service).path("build").path("target").asText("service"))
                    .as("build target of %s", service).isIn("", "service");
        }
        assertThat(compose.image("hubspot-simulator")).isNotEqualTo(compose.image("enricher"));
        assertThat(compose.image("enricher")).isEqualTo(compose.image("webhook-ingress"));
    }

    @Test
    void kubernetesDeploysTheServiceImage() {
        List<String> images = new ArrayList<>();
        for (KubernetesDocument document : DeploymentFiles.kubernetesDocuments()) {
            document.content().findValues("containers").forEach(containers -> containers.forEach(container -> {
                JsonNode image = container.path("image");
                if (image.isTextual()) {
                    images.add(document.file() + ": " + image.asText());
                }
            }));
        }
        assertThat(images).isNotEmpty().allMatch(image -> image.contains(": association-enricher:"),
                "the service image association-enricher:<version>");
    }
}
