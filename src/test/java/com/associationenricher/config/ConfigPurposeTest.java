package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPurposeTest {

    static final Map<String, String> WITHOUT_CREDENTIALS = Map.of(
            "kafka.bootstrap.servers", "localhost:9092", "schema-registry.url", "mock://tools");

    @Test
    void theServiceStillRequiresHubSpotCredentials() {
        assertThatThrownBy(() -> EnricherConfig.fromMap(WITHOUT_CREDENTIALS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hubspot.token");
        assertThatThrownBy(() -> EnricherConfig.load(null, Map.of(
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "ENRICHER_SCHEMA_REGISTRY_URL", "mock://tools")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hubspot.token");
    }

    @Test
    void toolsLoadWithoutHubSpotCredentials() {
        EnricherConfig config = EnricherConfig.fromMap(WITHOUT_CREDENTIALS, ConfigPurpose.TOOLS);

        assertThat(config.topics().deadLetter()).isEqualTo("crm.associations.dlq");
        assertThat(config.hubspot().token()).isEmpty();
    }

    @Test
    void toolsStillValidateEverythingElse() {
        var wrong = new java.util.HashMap<>(WITHOUT_CREDENTIALS);
        wrong.put("topics.dead-letter", "no spaces allowed");

        assertThatThrownBy(() -> EnricherConfig.fromMap(wrong, ConfigPurpose.TOOLS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.dead-letter");
    }
}
