package com.associationenricher.config;

import static com.associationenricher.config.EnricherConfigTest.TOKEN;
import static com.associationenricher.config.EnricherConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    static final String USER_INFO = "registry-user:DISTINCTIVE-registry-password-77";
    static final String BEARER = "DISTINCTIVE-bearer-88";
    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"DISTINCTIVE-sasl-99\";";

    @Test
    void toStringAndRawShowNoSecretButStillShowOrdinaryValues() {
        Map<String, String> map = minimal();
        map.put("schema-registry.basic-auth.user-info", USER_INFO);
        map.put("kafka.sasl.jaas.config", JAAS);
        map.put("kafka.ssl.key.password", "DISTINCTIVE-ssl-66");

        EnricherConfig config = EnricherConfig.fromMap(map);

        String printed = config + " " + config.raw() + " " + config.hubspot() + " " + config.schemaRegistry();
        assertThat(printed).doesNotContain(TOKEN, "DISTINCTIVE-registry-password-77", "DISTINCTIVE-sasl-99",
                "DISTINCTIVE-ssl-66", "registry-user");
        assertThat(config.raw())
                .containsEntry("hubspot.token", "******")
                .containsEntry("kafka.sasl.jaas.config", "******")
                .containsEntry("kafka.bootstrap.servers", "localhost:9092")
                .containsEntry("batch.max-ids", "1000");
        // The real values stay available to the code that needs them.
        assertThat(config.kafkaProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(config.schemaRegistry().basicAuthUserInfo()).contains(USER_INFO);
    }

    @Test
    void invalidSecretIsReportedWithoutItsValue() {
        Map<String, String> map = minimal();
        map.put("schema-registry.basic-auth.user-info", "DISTINCTIVE-no-colon-secret");

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessage("Invalid configuration: schema-registry.basic-auth.user-info "
                        + "(ENRICHER_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO) must be user:password");
    }

    @Test
    void otherMistakesNextToATokenDoNotLeakIt() {
        Map<String, String> map = minimal();
        map.put("schema-registry.bearer-token", BEARER);
        map.put("schema-registry.basic-auth.user-info", USER_INFO);
        map.put("hubspot.token-file", "/run/secrets/token");
        map.put("batch.max-ids", "0");

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.getMessage()).doesNotContain(TOKEN, BEARER, "DISTINCTIVE-registry-password-77");
                });
    }
}
