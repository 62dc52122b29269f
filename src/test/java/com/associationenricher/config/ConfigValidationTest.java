package com.associationenricher.config;

import static com.associationenricher.config.EnricherConfigTest.TOKEN;
import static com.associationenricher.config.EnricherConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidationTest {

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("kafka.bootstrap.servers", "localhost"),
                Arguments.of("kafka.processing.guarantee", "exactly_once"),
                Arguments.of("schema-registry.url", "registry:8081"),
                Arguments.of("schema-registry.url", "mock://"),
                Arguments.of("schema-registry.basic-auth.user-info", "no-colon"),
                Arguments.of("topics.input", "bad topic"),
                Arguments.of("topics.output", "crm/associations"),
                Arguments.of("topics.dead-letter", ".."),
                Arguments.of("topics.create", "yes"),
                Arguments.of("topics.partitions", "0"),
                Arguments.of("topics.replication-factor", "0"),
                Arguments.of("input.format", "protobuf"),
                Arguments.of("input.keyed-by-object", "1"),
                Arguments.of("hubspot.base-url", "ftp://api.hubapi.com"),
                Arguments.of("hubspot.base-url", "api.hubapi.com"),
                Arguments.of("hubspot.portal-id", "-5"),
                Arguments.of("hubspot.associations-api", "v5"),
                Arguments.of("hubspot.request-timeout", "30"),
                Arguments.of("hubspot.rate-limit.requests", "0"),
                Arguments.of("hubspot.rate-limit.period", "0s"),
                Arguments.of("hubspot.max-concurrent-requests", "many"),
                Arguments.of("hubspot.max-attempts", "0"),
                Arguments.of("hubspot.daily-limit-pause", "-1h"),
                Arguments.of("hubspot.complete-truncated", "maybe"),
                Arguments.of("associations.pairs", "contacts:widgets"),
                Arguments.of("associations.pairs", "contacts"),
                Arguments.of("batch.max-ids", "5000"),
                Arguments.of("batch.max-wait", "soon"),
                Arguments.of("batch.max-in-flight", "0"),
                Arguments.of("batch.flush-interval", "PT0S"),
                Arguments.of("backfill.rate-limit.requests", "0"),
                Arguments.of("backfill.rate-limit.requests", "101"),
                Arguments.of("output.emit-unchanged", "sometimes"),
                Arguments.of("dlq.transient-max-age", "1w"),
                Arguments.of("ops.port", "65536"),
                Arguments.of("shutdown.timeout", "forever"),
                Arguments.of("log.format", "xml"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void invalidValueIsRejectedNamingKeyEnvVariableFormAndValue(String key, String value) {
        Map<String, String> map = minimal();
        map.put(key, value);
        ConfigKey documented = ConfigKeys.byName(key).orElseThrow();

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    String expected = "Invalid configuration: " + documented.label() + " must be "
                            + documented.expectedForm();
                    assertThat(e.getMessage()).doesNotContain("\n").isEqualTo(documented.secret()
                            ? expected
                            : expected + ", got \"" + value + "\"" + (key.equals("associations.pairs") ? detailOf(value) : ""));
                });
    }

    private static String detailOf(String pairs) {
        return pairs.equals("contacts") ? " (\"contacts\" is not fromType:toType)" : " (\"widgets\" is not an object type)";
    }

    @Test
    void backfillBudgetDefaultsToATenthOfThePortalBudgetAndMayBeSetUpToIt() {
        Map<String, String> map = minimal();
        map.put("hubspot.rate-limit.requests", "190");
        assertThat(EnricherConfig.fromMap(map).backfillRateLimitRequests()).isEqualTo(19);
        map.put("hubspot.rate-limit.requests", "5");
        assertThat(EnricherConfig.fromMap(map).backfillRateLimitRequests()).isEqualTo(1);
        map.put("backfill.rate-limit.requests", "5");
        assertThat(EnricherConfig.fromMap(map).backfillRateLimitRequests()).isEqualTo(5);
    }

    @Test
    void badPairNamesTheOffendingObjectType() {
        Map<String, String> map = minimal();
        map.put("associations.pairs", "contacts:companies,deals:widgets");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageStartingWith("Invalid configuration: associations.pairs (ENRICHER_ASSOCIATIONS_PAIRS) must be ")
                .hasMessageEndingWith("got \"contacts:companies,deals:widgets\" (\"widgets\" is not an object type)");
    }

    @Test
    void theBriefsExampleMessageIsProducedExactly() {
        Map<String, String> map = minimal();
        map.put("batch.max-ids", "5000");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map)).hasMessage(
                "Invalid configuration: batch.max-ids (ENRICHER_BATCH_MAX_IDS) must be an integer from 1 to 1000, got \"5000\"");
    }

    @Test
    void missingBootstrapServersIsNamed() {
        Map<String, String> map = minimal();
        map.remove("kafka.bootstrap.servers");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessage("Invalid configuration: kafka.bootstrap.servers (ENRICHER_KAFKA_BOOTSTRAP_SERVERS) is required: "
                        + "host:port[,host:port...]");
    }

    @Test
    void missingSchemaRegistryUrlIsNamed() {
        Map<String, String> map = minimal();
        map.remove("schema-registry.url");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("schema-registry.url (ENRICHER_SCHEMA_REGISTRY_URL) is required");
    }

    @Test
    void missingTokenNamesBothTokenKeys() {
        Map<String, String> map = minimal();
        map.remove("hubspot.token");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("hubspot.token (ENRICHER_HUBSPOT_TOKEN)")
                .hasMessageContaining("hubspot.token-file (ENRICHER_HUBSPOT_TOKEN_FILE)");
    }

    @Test
    void tokenAndTokenFileTogetherAreRejectedNamingBothWithoutTheToken() {
        Map<String, String> map = minimal();
        map.put("hubspot.token-file", "/run/secrets/hubspot");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("set only one of hubspot.token (ENRICHER_HUBSPOT_TOKEN) and "
                        + "hubspot.token-file (ENRICHER_HUBSPOT_TOKEN_FILE)")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void unreadableTokenFileIsRejectedWithoutEchoingThePath() {
        Map<String, String> map = minimal();
        map.remove("hubspot.token");
        // Someone pasted the token where the path belongs: it must not be printed back.
        map.put("hubspot.token-file", TOKEN);
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessage("Invalid configuration: hubspot.token-file (ENRICHER_HUBSPOT_TOKEN_FILE) must be a readable file");
    }

    @Test
    void sameTopicTwiceIsRejected() {
        Map<String, String> map = minimal();
        map.put("topics.output", "crm.object-changes");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("topics.input (ENRICHER_TOPICS_INPUT), topics.output (ENRICHER_TOPICS_OUTPUT)")
                .hasMessageContaining("must be three different topics");
    }

    @Test
    void validEdgeValuesAreAccepted() {
        Map<String, String> map = minimal();
        map.put("batch.max-ids", "1");
        map.put("ops.port", "0");
        map.put("topics.replication-factor", "3");
        map.put("hubspot.base-url", "http://localhost:8089/");
        map.put("hubspot.associations-api", "2026-03");
        map.put("input.format", "HUBSPOT-WEBHOOK-JSON");
        map.put("hubspot.portal-id", "4242");
        map.put("kafka.bootstrap.servers", "[::1]:9092, broker:9093");

        EnricherConfig config = EnricherConfig.fromMap(map);

        assertThat(config.batch().maxIds()).isEqualTo(1);
        assertThat(config.opsPort()).isZero();
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.hubspot().baseUrl()).hasToString("http://localhost:8089");
        assertThat(config.hubspot().associationsApi()).isEqualTo(AssociationsApi.V2026_03);
        assertThat(config.inputFormat()).isEqualTo(InputFormat.HUBSPOT_WEBHOOK_JSON);
        assertThat(config.hubspot().portalId()).hasValue(4242L);
    }
}
