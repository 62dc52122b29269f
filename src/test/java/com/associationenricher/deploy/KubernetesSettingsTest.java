package com.associationenricher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.RateLimitScope;
import com.associationenricher.deploy.DeploymentFiles.KubernetesDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enricher's settings in the Kubernetes manifests agree with the service and with each other: every ENRICHER_
 * key exists and the values load, the HubSpot budget is split over the most instances the autoscaler may start,
 * the autoscaler watches the application's consumer group, and pods get time to shut down.
 */
class KubernetesSettingsTest {

    private static final List<KubernetesDocument> DOCUMENTS = DeploymentFiles.kubernetesDocuments();
    private static final int PROFESSIONAL_REQUESTS_PER_10S = 190;
    private static final int STARTER_REQUESTS_PER_10S = 100;

    @TempDir
    Path tempDir;

    @Test
    void everyEnricherKeyOfEveryConfigMapAndContainerIsAConfigurationKey() {
        List<String> names = new ArrayList<>();
        for (KubernetesDocument doc : DOCUMENTS) {
            if (doc.kind().equals("ConfigMap") && doc.name().equals("association-enricher")) {
                doc.content().path("data").fieldNames().forEachRemaining(name -> {
                    assertThat(name).as("key of the enricher's ConfigMap in %s", doc.file()).startsWith("ENRICHER_");
                    names.add(name);
                });
            }
            doc.content().path("spec").path("template").path("spec").path("containers")
                    .forEach(container -> container.path("env").forEach(env -> names.add(env.path("name").asText())));
        }

        assertThat(names).contains("ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "ENRICHER_HUBSPOT_RATE_LIMIT_REQUESTS");
        assertThat(EnricherVariables.unknown(names)).isEmpty();
    }

    @Test
    void aMistypedConfigMapKeyIsReported() {
        JsonNode configMap = DeploymentFiles.documents("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: association-enricher
                data:
                  ENRICHER_HUBSPOT_RATE_LIMIT_REQUEST: "31"
                  ENRICHER_KAFKA_STATE_DIR: /var/lib/enricher
                """).get(0);

        assertThat(EnricherVariables.unknown(data(configMap).keySet())).containsExactly("ENRICHER_HUBSPOT_RATE_LIMIT_REQUEST");
    }

    @Test
    void theBaseSettingsLoadAndPointAtTheMountedVolumes() throws IOException {
        Map<String, String> env = baseSettings();

        EnricherConfig config = load(env);

        assertThat(config.kafkaProperties()).containsEntry("state.dir", "/var/lib/enricher");
        List<String> mounts = new ArrayList<>();
        container().path("volumeMounts").forEach(mount -> mounts.add(mount.path("mountPath").asText()));
        assertThat(mounts).contains("/tmp", "/var/lib/enricher",
                Path.of(env.get("ENRICHER_HUBSPOT_TOKEN_FILE")).getParent().toString());
    }

    @Test
    void theExampleOverlayLoadsOverTheBaseAndGivesTheWholeClusterMostOfAProfessionalPlan() throws IOException {
        Map<String, String> env = baseSettings();
        env.putAll(data(document("overlays/example/configmap-patch.yaml", "ConfigMap")));

        EnricherConfig config = load(env);

        // hubspot.rate-limit.scope=cluster: the figure is all instances' together, whatever their number.
        assertThat(config.rateLimitScope()).isEqualTo(RateLimitScope.CLUSTER);
        assertThat(config.hubspot().rateLimitPeriod()).hasSeconds(10);
        assertThat(config.hubspot().rateLimitRequests()).isLessThan(PROFESSIONAL_REQUESTS_PER_10S)
                .isGreaterThan(PROFESSIONAL_REQUESTS_PER_10S * 3 / 4);
    }

    @Test
    void theBaseRateLimitFitsTheSmallestPlanForTheWholeCluster() throws IOException {
        EnricherConfig config = load(baseSettings());

        assertThat(config.rateLimitScope()).isEqualTo(RateLimitScope.CLUSTER);
        assertThat(config.hubspot().rateLimitRequests()).isLessThanOrEqualTo(STARTER_REQUESTS_PER_10S);
    }

    @Test
    void bothAutoscalersStopAtTheInputPartitionCount() {
        assertThat(maxReplicas("ScaledObject", "maxReplicaCount")).isEqualTo(6);
        assertThat(maxReplicas("HorizontalPodAutoscaler", "maxReplicas")).isEqualTo(6);
    }

    @Test
    void theLagTriggerWatchesTheStreamsConsumerGroupOnTheConfiguredCluster() throws IOException {
        EnricherConfig config = load(baseSettings());
        JsonNode trigger = document("components/keda-autoscaling/scaledobject.yaml", "ScaledObject")
                .path("spec").path("triggers").get(0);

        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo(config.applicationId());
        assertThat(trigger.path("metadata").path("bootstrapServers").asText()).isEqualTo(config.bootstrapServers());
        assertThat(trigger.path("metadata").has("topic")).as("no topic: lag of input and repartition topics").isFalse();

        String overlayServers = data(document("overlays/example/configmap-patch.yaml", "ConfigMap"))
                .get("ENRICHER_KAFKA_BOOTSTRAP_SERVERS");
        String overlayPatches = document("overlays/example/kustomization.yaml", "Kustomization").path("patches").toString();
        assertThat(overlayPatches).contains("/spec/triggers/0/metadata/bootstrapServers", overlayServers);
    }

    @Test
    void podsGetLongerToStopThanAGracefulShutdownTakes() throws IOException {
        EnricherConfig config = load(baseSettings());
        long grace = document("base/deployment.yaml", "Deployment")
                .path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong();

        assertThat(grace).isGreaterThan(config.shutdownTimeout().toSeconds());
    }

    @Test
    void theProbesUseTheHealthEndpointsOnTheOpsPort() throws IOException {
        EnricherConfig config = load(baseSettings());
        JsonNode container = container();
        int opsPort = -1;
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals("http-ops")) {
                opsPort = port.path("containerPort").asInt();
            }
        }

        assertThat(opsPort).isEqualTo(config.opsPort());
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
    }

    /** The base ConfigMap's variables, with the token file pointed at a local stand-in for the mounted Secret. */
    private Map<String, String> baseSettings() throws IOException {
        Map<String, String> env = data(document("base/configmap.yaml", "ConfigMap"));
        assertThat(env).containsKey("ENRICHER_HUBSPOT_TOKEN_FILE");
        return env;
    }

    private EnricherConfig load(Map<String, String> env) throws IOException {
        Path token = Files.writeString(tempDir.resolve("token"), "placeholder-token");
        Map<String, String> local = new LinkedHashMap<>(env);
        local.put("ENRICHER_HUBSPOT_TOKEN_FILE", token.toString());
        return EnricherConfig.load(null, local);
    }

    private static JsonNode container() {
        return document("base/deployment.yaml", "Deployment")
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int maxReplicas(String kind, String field) {
        return DOCUMENTS.stream().filter(doc -> doc.kind().equals(kind)).findFirst().orElseThrow()
                .content().path("spec").path(field).asInt();
    }

    private static JsonNode document(String file, String kind) {
        return DOCUMENTS.stream()
                .filter(doc -> doc.file().equals(Path.of(file)) && doc.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in k8s/" + file))
                .content();
    }

    private static Map<String, String> data(JsonNode configMap) {
        Map<String, String> data = new LinkedHashMap<>();
        configMap.path("data").fields().forEachRemaining(field -> data.put(field.getKey(), field.getValue().asText()));
        return data;
    }
}
