package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressConfigTest {

    static final Map<String, String> BASE = Map.of(
            "kafka.bootstrap.servers", "localhost:9092",
            "schema-registry.url", "mock://ingress-config");

    @Test
    void theIngressNeedsAppSecretsButNoHubSpotToken() {
        IngressSettings ingress = EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets", "s3cr3t"))).ingress();

        assertThat(ingress.port()).isEqualTo(8090);
        assertThat(ingress.path()).isEqualTo("/webhooks/hubspot");
        assertThat(ingress.acceptedSignatureVersions()).containsExactly(SignatureVersion.V3);
        assertThat(ingress.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(ingress.maxEvents()).isEqualTo(100);
        assertThat(ingress.maxTimestampAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ingress.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ingress.publicUrl()).isEmpty();
        assertThat(ingress.appSecrets().all()).containsExactly("s3cr3t");

        assertThatThrownBy(() -> EnricherConfig.fromMapForIngress(BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.app-secrets (ENRICHER_INGRESS_APP_SECRETS)")
                .hasMessageNotContaining("hubspot.token");
    }

    @Test
    void theEnricherStillRequiresAHubSpotToken() {
        assertThatThrownBy(() -> EnricherConfig.fromMap(with(Map.of("ingress.app-secrets", "s3cr3t"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hubspot.token");
        assertThat(EnricherConfig.fromMap(with(Map.of("hubspot.token", "pat-1"))).ingress().appSecrets().isEmpty()).isTrue();
    }

    @Test
    void secretsMayBeBoundToAppIdsAndAreNeverPrinted() {
        EnricherConfig config = EnricherConfig.fromMapForIngress(with(Map.of(
                "ingress.app-secrets", "123=first-secret, 456=second-secret, shared-secret",
                "ingress.accept-signature-versions", "v3,V2",
                "ingress.public-url", "https://hooks.example.com/hubspot/")));

        AppSecrets secrets = config.ingress().appSecrets();
        assertThat(secrets.byAppId()).containsEntry(123L, "first-secret").containsEntry(456L, "second-secret");
        assertThat(secrets.anyApp()).containsExactly("shared-secret");
        assertThat(config.ingress().acceptedSignatureVersions()).isEqualTo(Set.of(SignatureVersion.V2, SignatureVersion.V3));
        assertThat(config.ingress().publicUrl()).hasValueSatisfying(url ->
                assertThat(url.toString()).as("kept exactly, trailing slash included").isEqualTo("https://hooks.example.com/hubspot/"));
        assertThat(config.toString() + config.ingress()).doesNotContain("first-secret", "second-secret", "shared-secret");
    }

    @Test
    void invalidIngressValuesAreReportedTogetherWithoutEchoingSecrets() {
        Map<String, String> keys = with(Map.of(
                "ingress.app-secrets", "abc=very-secret-value",
                "ingress.path", "webhooks",
                "ingress.accept-signature-versions", "v4",
                "ingress.max-events", "0",
                "ingress.public-url", "ftp://x",
                "ingress.kafka-timeout", "10"));

        assertThatThrownBy(() -> EnricherConfig.fromMapForIngress(keys))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(6))
                .hasMessageContaining("ingress.app-secrets (ENRICHER_INGRESS_APP_SECRETS) must be")
                .hasMessageContaining("ingress.path (ENRICHER_INGRESS_PATH) must be a path starting with /")
                .hasMessageContaining("ENRICHER_INGRESS_ACCEPT_SIGNATURE_VERSIONS")
                .hasMessageContaining("ENRICHER_INGRESS_KAFKA_TIMEOUT")
                .hasMessageNotContaining("very-secret-value");
    }

    @Test
    void slowClientLimitsHaveDefaultsAndInvalidOnesAreNamed() {
        IngressLimits defaults = EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets", "s"))).ingress().limits();
        assertThat(defaults).isEqualTo(new IngressLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), 16, 64));
        assertThat(EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets", "s", "ingress.read-timeout", "2s",
                "ingress.worker-threads", "4", "ingress.max-queued-requests", "0"))).ingress().limits())
                .isEqualTo(new IngressLimits(Duration.ofSeconds(30), Duration.ofSeconds(2), 4, 0));

        assertThatThrownBy(() -> EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets", "s",
                "ingress.idle-timeout", "0s", "ingress.read-timeout", "soon",
                "ingress.worker-threads", "0", "ingress.max-queued-requests", "-1"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
                .hasMessageContaining("ingress.idle-timeout (ENRICHER_INGRESS_IDLE_TIMEOUT)")
                .hasMessageContaining("ingress.read-timeout (ENRICHER_INGRESS_READ_TIMEOUT)")
                .hasMessageContaining("ingress.worker-threads (ENRICHER_INGRESS_WORKER_THREADS)")
                .hasMessageContaining("ingress.max-queued-requests (ENRICHER_INGRESS_MAX_QUEUED_REQUESTS)");
    }

    @Test
    void secretsCanComeFromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app-secrets.properties");
        Files.writeString(file, "123=from-file\n");

        AppSecrets secrets = EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets-file", file.toString())))
                .ingress().appSecrets();

        assertThat(secrets.byAppId()).containsExactly(Map.entry(123L, "from-file"));

        Files.writeString(file, "not-an-app-id=leaked-secret\n");
        assertThatThrownBy(() -> EnricherConfig.fromMapForIngress(with(Map.of("ingress.app-secrets-file", file.toString()))))
                .hasMessageContaining("ingress.app-secrets-file (ENRICHER_INGRESS_APP_SECRETS_FILE) must be")
                .hasMessageNotContaining("leaked-secret");
        assertThatThrownBy(() -> EnricherConfig.fromMapForIngress(with(Map.of(
                "ingress.app-secrets-file", file.toString(), "ingress.app-secrets", "x"))))
                .hasMessageContaining("set only one of");
    }

    @Test
    void environmentVariablesOverrideIngressKeys() {
        Map<String, String> env = new HashMap<>(Map.of(
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "ENRICHER_SCHEMA_REGISTRY_URL", "mock://env",
                "ENRICHER_INGRESS_APP_SECRETS", "from-env",
                "ENRICHER_INGRESS_PORT", "9999"));

        IngressSettings ingress = EnricherConfig.loadForIngress(null, env).ingress();

        assertThat(ingress.port()).isEqualTo(9999);
        assertThat(ingress.appSecrets().all()).containsExactly("from-env");
    }

    static Map<String, String> with(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(BASE);
        keys.putAll(extra);
        return keys;
    }
}
