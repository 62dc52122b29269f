package com.associationenricher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nightly reconcile CronJob and the backfill Job run the same image with the same ConfigMap and HubSpot Secret as
 * the enricher's Deployment, never overlap, and set only real configuration keys.
 */
class BackfillJobsTest {

    private static final List<DeploymentFiles.KubernetesDocument> DOCUMENTS = DeploymentFiles.kubernetesDocuments();

    static DeploymentFiles.KubernetesDocument document(String kind, String name) {
        return DOCUMENTS.stream().filter(d -> d.kind().equals(kind) && d.content().path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under k8s/"));
    }

    @Test
    void theReconcileCronJobNeverOverlapsAndRunsReconcileWithTheDeploymentsConfigAndSecret() {
        JsonNode cronJob = document("CronJob", "association-enricher-reconcile").content();
        assertThat(cronJob.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode pod = cronJob.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        assertThat(pod.path("containers").get(0).path("args").get(0).asText()).isEqualTo("reconcile");
        assertSameConfigAndSecretAsTheDeployment(pod);
    }

    @Test
    void theBackfillJobRunsBackfillWithTheDeploymentsConfigAndSecret() {
        JsonNode pod = document("Job", "association-enricher-backfill").content().path("spec").path("template").path("spec");
        assertThat(pod.path("containers").get(0).path("args").get(0).asText()).isEqualTo("backfill");
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        assertSameConfigAndSecretAsTheDeployment(pod);
    }

    private static void assertSameConfigAndSecretAsTheDeployment(JsonNode pod) {
        JsonNode deployment = document("Deployment", "association-enricher").content().path("spec").path("template").path("spec");
        JsonNode enricher = deployment.path("containers").get(0);
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image")).isEqualTo(enricher.path("image"));
        assertThat(container.path("envFrom")).isEqualTo(enricher.path("envFrom"));
        assertThat(secretVolume(pod)).isEqualTo(secretVolume(deployment));
        List<String> names = new ArrayList<>();
        container.path("env").forEach(env -> names.add(env.path("name").asText()));
        assertThat(EnricherVariables.unknown(names)).isEmpty();
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/var/run/secrets/hubspot");
    }

    private static JsonNode secretVolume(JsonNode pod) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("secret")) {
                return volume.path("secret");
            }
        }
        throw new AssertionError("no Secret volume in " + pod);
    }
}
