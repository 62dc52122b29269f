package com.associationenricher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The docker-compose stack and the Dockerfile, checked without Docker: names, images, start order, config. */
class ComposeFileTest {

    private static final ComposeFile COMPOSE = read();

    private static ComposeFile read() {
        try {
            return ComposeFile.parse(Files.readString(DeploymentFiles.composeFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read docker-compose.yml", e);
        }
    }

    @Test
    void everyEnricherVariableOfEveryServiceIsAConfigurationKey() {
        assertThat(COMPOSE.environment("enricher")).containsKey("ENRICHER_KAFKA_BOOTSTRAP_SERVERS");
        for (String service : COMPOSE.services()) {
            assertThat(EnricherVariables.unknown(COMPOSE.environment(service).keySet()))
                    .as("unknown ENRICHER_ variables of service %s", service)
                    .isEmpty();
        }
    }

    @Test
    void aMistypedVariableIsReportedInEitherEnvironmentForm() {
        ComposeFile compose = ComposeFile.parse("""
                services:
                  as-map:
                    image: association-enricher:dev
                    environment:
                      ENRICHER_HUBSPOT_TOKEN: demo-token
                      ENRICHER_HUBSPOT_TOKN: demo-token
                      ENRICHER_KAFKA_NUM_STANDBY_REPLICAS: "1"
                      JAVA_TOOL_OPTIONS: -Xmx1g
                  as-list:
                    image: association-enricher:dev
                    environment:
                      - ENRICHER_SCHEMA_REGISTRY_URL=http://schema-registry:8081
                      - ENRICHER_INGRES_PORT=8090
                """);

        assertThat(EnricherVariables.unknown(compose.environment("as-map").keySet())).containsExactly("ENRICHER_HUBSPOT_TOKN");
        assertThat(EnricherVariables.unknown(compose.environment("as-list").keySet())).containsExactly("ENRICHER_INGRES_PORT");
    }

    @Test
    void theEnricherIsConfiguredByItsEnvironmentAloneAndPointsAtTheStack() {
        Map<String, String> env = COMPOSE.environment("enricher");

        EnricherConfig config = EnricherConfig.load(null, env);

        assertThat(config.bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(config.schemaRegistryUrl()).startsWith("http://schema-registry:8081");
        assertThat(config.hubspot().baseUrl()).isEqualTo(URI.create("http://hubspot-simulator:8089"));
        assertThat(config.hubspot().resolveToken()).isEqualTo(simulatorToken());
        assertThat(config.kafkaProperties()).containsEntry("state.dir", "/var/lib/enricher");
        assertThat(COMPOSE.volumes("enricher")).contains("enricher-state:/var/lib/enricher");
        assertThat(COMPOSE.namedVolumes()).contains("enricher-state");
    }

    @Test
    void theSimulatorAcceptsTheTokenTheEnricherSends() {
        assertThat(simulatorToken()).isEqualTo(COMPOSE.environment("enricher").get("ENRICHER_HUBSPOT_TOKEN"));
    }

    private static String simulatorToken() {
        List<String> command = textList(COMPOSE.service("hubspot-simulator").path("command"));
        assertThat(command).startsWith("simulate-hubspot").contains("--token", "--bind");
        assertThat(command.get(command.indexOf("--bind") + 1)).isEqualTo("0.0.0.0");
        return command.get(command.indexOf("--token") + 1);
    }

    @Test
    void theEnricherStartsOnlyOnceKafkaTheRegistryAndTheSimulatorAreHealthyAndTopicsExist() {
        Map<String, String> dependsOn = COMPOSE.dependsOn("enricher");

        assertThat(dependsOn)
                .containsEntry("kafka", "service_healthy")
                .containsEntry("schema-registry", "service_healthy")
                .containsEntry("hubspot-simulator", "service_healthy")
                .containsEntry("create-topics", "service_completed_successfully");
    }

    @Test
    void everyServiceWaitedForAsHealthyHasAHealthcheck() {
        for (String service : COMPOSE.services()) {
            COMPOSE.dependsOn(service).forEach((dependency, condition) -> {
                if (condition.equals("service_healthy")) {
                    assertThat(COMPOSE.hasHealthcheck(dependency))
                            .as("%s waits for %s to be healthy, so %s needs a healthcheck", service, dependency, dependency)
                            .isTrue();
                }
            });
        }
        assertThat(COMPOSE.hasHealthcheck("enricher")).isTrue();
    }

    @Test
    void theOutputTopicIsCreatedCompacted() {
        String script = String.join("\n", textList(COMPOSE.service("create-topics").path("command")));

        assertThat(script).containsPattern("--topic crm\\.associations .*--config cleanup\\.policy=compact");
        assertThat(script).contains("--topic crm.object-changes", "--topic crm.associations.dlq");
    }

    @Test
    void everyComposeImageIsPinned() {
        for (String service : COMPOSE.services()) {
            String image = COMPOSE.image(service).orElse("");
            assertThat(image).as("image of service %s", service).isNotBlank();
            assertThat(ImageReference.parse(image).isPinned()).as("%s pins %s", service, image).isTrue();
        }
    }

    @Test
    void everyDockerfileBaseImageIsPinned() throws IOException {
        Dockerfile dockerfile = Dockerfile.parse(Files.readString(DeploymentFiles.projectDir().resolve("Dockerfile")));
        List<String> images = dockerfile.externalBases().stream().map(dockerfile::resolve).toList();
        for (String image : images) {
            assertThat(ImageReference.parse(image).isPinned()).as("Dockerfile pins %s", image).isTrue();
        }
        assertThat(images).hasSize(2);
    }

    @Test
    void unpinnedImagesAreRecognised() {
        assertThat(ImageReference.parse("apache/kafka").isPinned()).isFalse();
        assertThat(ImageReference.parse("apache/kafka:latest").isPinned()).isFalse();
        assertThat(ImageReference.parse("registry.local:5000/kafka").isPinned()).isFalse();
        assertThat(ImageReference.parse("registry.local:5000/kafka:4.1.0").isPinned()).isTrue();
        assertThat(ImageReference.parse("kafka@sha256:0123abcd").isPinned()).isTrue();
    }

    @Test
    void theOpsPortIsTheOnePublished() {
        String opsPort = COMPOSE.environment("enricher").getOrDefault("ENRICHER_OPS_PORT", "8080");
        assertThat(textList(COMPOSE.service("enricher").path("ports"))).contains(opsPort + ":" + opsPort);
    }

    private static List<String> textList(JsonNode node) {
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.asText()));
        return items;
    }
}
