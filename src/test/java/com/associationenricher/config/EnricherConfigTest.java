package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnricherConfigTest {

    static final String TOKEN = "pat-na1-DISTINCTIVE-c0ffee-4242";

    static Map<String, String> minimal() {
        Map<String, String> map = new HashMap<>();
        map.put("kafka.bootstrap.servers", "localhost:9092");
        map.put("schema-registry.url", "mock://test");
        map.put("hubspot.token", TOKEN);
        return map;
    }

    @TempDir
    Path dir;

    @Test
    void everyOptionalKeyHasItsDocumentedDefault() {
        EnricherConfig config = EnricherConfig.fromMap(minimal());

        assertThat(config.topics()).isEqualTo(new Topics("crm.object-changes", "crm.associations",
                "crm.associations.dlq", true, 6, (short) -1));
        assertThat(config.inputFormat()).isEqualTo(InputFormat.AVRO);
        assertThat(config.inputKeyedByObject()).isFalse();
        assertThat(config.outputEmitUnchanged()).as("unchanged answers write no event by default").isFalse();
        HubSpotSettings hubspot = config.hubspot();
        assertThat(hubspot.baseUrl()).isEqualTo(URI.create("https://api.hubapi.com"));
        assertThat(hubspot.token()).contains(TOKEN);
        assertThat(hubspot.tokenFile()).isEmpty();
        assertThat(hubspot.portalId()).isEmpty();
        assertThat(hubspot.associationsApi()).isEqualTo(AssociationsApi.V3);
        assertThat(hubspot.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hubspot.rateLimitRequests()).isEqualTo(100);
        assertThat(hubspot.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(hubspot.maxConcurrentRequests()).isEqualTo(16);
        assertThat(hubspot.maxAttempts()).isEqualTo(8);
        assertThat(hubspot.dailyLimitPause()).isEqualTo(Duration.ofHours(1));
        assertThat(hubspot.completeTruncated()).isFalse();
        assertThat(config.associationPairs().toString()).isEqualTo(AssociationPairs.DEFAULT);
        assertThat(config.batch()).isEqualTo(new BatchSettings(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), Duration.ofHours(1), true));
        assertThat(config.dlqTransientMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(config.opsPort()).isEqualTo(8080);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.applicationId()).isEqualTo("association-enricher");
        assertThat(config.kafkaProperties()).containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(config.schemaRegistry().isMock()).isTrue();
    }

    @Test
    void environmentAloneIsEnough() {
        EnricherConfig config = EnricherConfig.load(null, Map.of(
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
                "ENRICHER_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "ENRICHER_HUBSPOT_TOKEN", TOKEN,
                "ENRICHER_BATCH_MAX_IDS", "250",
                "ENRICHER_HUBSPOT_RATE_LIMIT_REQUESTS", "190",
                "PATH", "/usr/bin",
                "HOME", "/root"));

        assertThat(config.bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
        assertThat(config.hubspot().resolveToken()).isEqualTo(TOKEN);
        assertThat(config.batch().maxIds()).isEqualTo(250);
        assertThat(config.hubspot().rateLimitRequests()).isEqualTo(190);
    }

    @Test
    void environmentOverridesAPropertiesFile() throws IOException {
        Path file = dir.resolve("enricher.properties");
        Files.writeString(file, """
                kafka.bootstrap.servers=file-broker:9092
                schema-registry.url=mock://file
                hubspot.token=%s
                topics.input=from-file
                batch.max-wait=5s
                """.formatted(TOKEN));

        EnricherConfig config = EnricherConfig.load(file, Map.of(
                "ENRICHER_TOPICS_INPUT", "from-env",
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "env-broker:9092"));

        assertThat(config.topics().input()).isEqualTo("from-env");
        assertThat(config.bootstrapServers()).isEqualTo("env-broker:9092");
        assertThat(config.batch().maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.schemaRegistryUrl()).isEqualTo("mock://file");
    }

    @Test
    void yamlNestedMapsBecomeDottedKeysAndListsCommaSeparatedValues() throws IOException {
        Path file = dir.resolve("enricher.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap.servers: yaml-broker:9092
                  state:
                    dir: /var/lib/enricher
                schema-registry:
                  url: mock://yaml
                hubspot:
                  token: %s
                  rate-limit:
                    requests: 50
                    period: PT1S
                  associations-api: v4
                associations:
                  pairs:
                    - contacts:companies
                    - deals:contacts
                batch:
                  max-ids: 500
                topics:
                  create: false
                """.formatted(TOKEN));

        EnricherConfig config = EnricherConfig.load(file, Map.of("ENRICHER_HUBSPOT_RATE_LIMIT_REQUESTS", "75"));

        assertThat(config.bootstrapServers()).isEqualTo("yaml-broker:9092");
        assertThat(config.kafkaProperties()).containsEntry("state.dir", "/var/lib/enricher");
        assertThat(config.hubspot().rateLimitRequests()).isEqualTo(75);
        assertThat(config.hubspot().rateLimitPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.hubspot().associationsApi()).isEqualTo(AssociationsApi.V4);
        assertThat(config.associationPairs().toString()).isEqualTo("contacts:companies,deals:contacts");
        assertThat(config.batch().maxIds()).isEqualTo(500);
        assertThat(config.topics().create()).isFalse();
    }

    @Test
    void kafkaSettingsPassThroughFromEnvironmentAndFileWithPrefixRemoved() throws IOException {
        Path file = dir.resolve("enricher.properties");
        Files.writeString(file, """
                kafka.num.stream.threads=4
                kafka.application.id=from-file
                """);

        EnricherConfig config = EnricherConfig.load(file, Map.of(
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
                "ENRICHER_KAFKA_STATE_DIR", "/tmp/streams",
                "ENRICHER_KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "ENRICHER_OUTPUT_EMIT_UNCHANGED", "true",
                "ENRICHER_SCHEMA_REGISTRY_URL", "mock://x",
                "ENRICHER_HUBSPOT_TOKEN", TOKEN));

        assertThat(config.kafkaProperties())
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("state.dir", "/tmp/streams")
                .containsEntry("num.stream.threads", "4")
                .containsEntry("application.id", "from-file")
                .containsEntry("processing.guarantee", "at_least_once")
                .doesNotContainKey("kafka.state.dir");
        assertThat(config.applicationId()).isEqualTo("from-file");
        assertThat(ConfigSource.keyOfEnvVariable("ENRICHER_KAFKA_STATE_DIR")).contains("kafka.state.dir");
        assertThat(ConfigKey.envVariableOf("kafka.bootstrap.servers")).isEqualTo("ENRICHER_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void suppressingUnchangedEventsIsRefusedUnderAtLeastOnceNamingTheKey() {
        Map<String, String> map = minimal();
        map.put("kafka.processing.guarantee", "at_least_once");
        assertThat(EnricherConfig.fromMap(map).outputEmitUnchanged()).as("unset: every answer written").isTrue();

        map.put("output.emit-unchanged", "false");

        assertThatThrownBy(() -> EnricherConfig.fromMap(map)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("output.emit-unchanged (ENRICHER_OUTPUT_EMIT_UNCHANGED) must be true with kafka.processing.guarantee");

        map.put("output.emit-unchanged", "true");
        assertThat(EnricherConfig.fromMap(map).outputEmitUnchanged()).isTrue();
    }

    @Test
    void kafkaPropertiesIsACopyTheCallerCannotUseToChangeTheConfig() {
        EnricherConfig config = EnricherConfig.fromMap(minimal());
        config.kafkaProperties().setProperty("bootstrap.servers", "changed:1");
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void unknownEnvironmentVariableIsRejectedByNameWithASuggestion() {
        Map<String, String> env = envOf(minimal());
        env.put("ENRICHER_HUBSPOT_TOKN", "whatever");

        assertThatThrownBy(() -> EnricherConfig.load(null, env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown environment variable ENRICHER_HUBSPOT_TOKN")
                .hasMessageContaining("did you mean ENRICHER_HUBSPOT_TOKEN?")
                .hasMessageNotContaining("whatever");
    }

    @Test
    void unknownKeyInAFileIsRejectedByNameButKafkaAndPortalKeysAreAccepted() throws IOException {
        Path file = dir.resolve("enricher.properties");
        Files.writeString(file, """
                kafka.bootstrap.servers=localhost:9092
                kafka.anything.goes=1
                schema-registry.url=mock://x
                hubspot.portals.123.token=%s
                batch.max-idz=10
                """.formatted(TOKEN));

        assertThatThrownBy(() -> EnricherConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key batch.max-idz in " + file
                        + " (did you mean batch.max-ids?)");
    }

    @Test
    void portalSettingsAreAcceptedFromFileAndEnvironmentAndExposedRaw() {
        Map<String, String> env = Map.of(
                "ENRICHER_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
                "ENRICHER_SCHEMA_REGISTRY_URL", "mock://x",
                "ENRICHER_HUBSPOT_PORTALS_123_TOKEN", TOKEN,
                "ENRICHER_HUBSPOT_PORTALS_456_TOKEN_FILE", "/run/secrets/456");

        EnricherConfig config = EnricherConfig.load(null, env);

        assertThat(config.hubspotPortals())
                .containsEntry("123.token", TOKEN)
                .containsEntry("456.token-file", "/run/secrets/456");
        assertThat(config.hubspot().token()).isEmpty();
        assertThat(config.toString()).doesNotContain(TOKEN).contains("hubspot.portals.123.token");
        assertThat(config.hubspot().toString()).doesNotContain(TOKEN).contains("/run/secrets/456");
    }

    @Test
    void severalMistakesAreReportedTogetherOnOneLine() {
        Map<String, String> map = minimal();
        map.put("batch.max-ids", "5000");
        map.put("ops.port", "http");
        map.put("log.format", "xml");

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.getMessage()).doesNotContain("\n").startsWith("Invalid configuration: ")
                            .contains("batch.max-ids (ENRICHER_BATCH_MAX_IDS) must be an integer from 1 to 1000, got \"5000\"")
                            .contains("ops.port (ENRICHER_OPS_PORT)")
                            .contains("log.format (ENRICHER_LOG_FORMAT) must be one of text, json, got \"xml\"");
                });
    }

    @Test
    void tokenFileIsReadWhenTheTokenIsNeeded() throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Map<String, String> map = minimal();
        map.remove("hubspot.token");
        map.put("hubspot.token-file", tokenFile.toString());

        EnricherConfig config = EnricherConfig.fromMap(map);
        assertThat(config.hubspot().resolveToken()).isEqualTo(TOKEN);

        Files.writeString(tokenFile, "pat-rotated");
        assertThat(config.hubspot().resolveToken()).isEqualTo("pat-rotated");
    }

    @Test
    void blankEnvironmentVariablesDoNotOverride() {
        Map<String, String> env = envOf(minimal());
        env.put("ENRICHER_TOPICS_INPUT", "  ");
        assertThat(EnricherConfig.load(null, env).topics().input()).isEqualTo("crm.object-changes");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> EnricherConfig.load(missing, envOf(minimal())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void malformedYamlIsReportedByPositionWithoutQuotingContent() throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "hubspot:\n  token: " + TOKEN + "\n   - : [\n");
        assertThatThrownBy(() -> EnricherConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML (line")
                .hasMessageNotContaining(TOKEN);
    }

    static Map<String, String> envOf(Map<String, String> keys) {
        Map<String, String> env = new HashMap<>();
        keys.forEach((key, value) -> env.put(ConfigKey.envVariableOf(key), value));
        return env;
    }
}
