package com.associationenricher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every manifest under k8s/ passes the Kubernetes schemas offline (k8s/validate/validate.mjs, Node.js), and the
 * validator does reject broken manifests. Part of `mvn verify`; fails, rather than skips, without Node.js.
 */
class KubernetesManifestsIT {

    private final ManifestValidator validator = new ManifestValidator(DeploymentFiles.projectDir());

    @TempDir
    Path tempDir;

    @Test
    void everyManifestUnderK8sIsValid() {
        ManifestValidator.Result result = validator.validate();

        assertThat(result.exitCode()).as("validate.mjs output:%n%s", result.output()).isZero();
        assertThat(result.output()).containsPattern("OK \\d+ Kubernetes document");
    }

    @Test
    void aDeploymentWithTextReplicasAndAContainerWithoutImageIsRejectedNamingTheFile() throws IOException {
        Path broken = Files.writeString(tempDir.resolve("broken-deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: association-enricher
                spec:
                  replicas: "one"
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: association-enricher
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: association-enricher
                    spec:
                      containers:
                        - name: enricher
                          args: ["run"]
                """);

        ManifestValidator.Result result = validator.validate(broken);

        assertThat(result.exitCode()).as("validate.mjs output:%n%s", result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("broken-deployment.yaml [document 1, Deployment/association-enricher]")
                .contains("spec/replicas must be integer")
                .contains("containers[0] (enricher) has no image");
    }

    @Test
    void aScaledObjectWithoutLagThresholdAndAKustomizationNamingAMissingFileAreRejected() throws IOException {
        Path scaledObject = Files.writeString(tempDir.resolve("scaledobject.yaml"), """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: association-enricher
                spec:
                  scaleTargetRef:
                    name: association-enricher
                  maxReplicaCount: 6
                  triggers:
                    - type: kafka
                      metadata:
                        bootstrapServers: kafka:9092
                        consumerGroup: association-enricher
                """);
        Path kustomization = Files.writeString(tempDir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - scaledobject.yaml
                  - deployment.yaml
                """);

        ManifestValidator.Result result = validator.validate(scaledObject, kustomization);

        assertThat(result.exitCode()).as("validate.mjs output:%n%s", result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("(kafka) needs metadata.lagThreshold")
                .contains("resources entry deployment.yaml does not exist")
                .doesNotContain("resources entry scaledobject.yaml");
    }

    @Test
    void aCronJobWithANumericScheduleAndAJobContainerWithoutImageIsRejected() throws IOException {
        Path cronJob = Files.writeString(tempDir.resolve("cronjob.yaml"), """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: association-enricher-reconcile
                spec:
                  schedule: 5
                  concurrencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - name: reconcile
                              args: ["reconcile"]
                """);

        ManifestValidator.Result result = validator.validate(cronJob);

        assertThat(result.exitCode()).as("validate.mjs output:%n%s", result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("spec/schedule must be string")
                .contains("containers[0] (reconcile) has no image");
    }
}
