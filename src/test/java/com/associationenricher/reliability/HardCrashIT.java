package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.ObjectChanges;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.ApicurioRegistry;
import com.associationenricher.testkit.EnricherProcess;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enricher as a separate JVM, killed with SIGKILL while batches are pending and in flight, then restarted: nothing
 * is lost; with exactly_once_v2 no change event is answered twice in committed output, with at_least_once only
 * duplicates. Runs with a distinctive token and checks that it appears nowhere: logs, metrics, dead letters, state.
 */
@ExtendWith({KafkaBroker.class, ApicurioRegistry.class})
class HardCrashIT {
    static final long PORTAL = 777001;
    static final String CANARY = Canary.TOKEN;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");

    @TempDir
    Path work;

    @Test
    void aKilledExactlyOnceEnricherLosesNothingAndAnswersNoChangeTwice() throws Exception {
        Result result = crashAndRecover("exactly_once_v2");
        assertThat(result.answeredTwice()).as("change events answered by two committed association events").isEmpty();
        System.out.println("hard crash (exactly_once_v2): " + result.figures());
    }

    @Test
    void aKilledAtLeastOnceEnricherLosesNothing() throws Exception {
        Result result = crashAndRecover("at_least_once");
        System.out.println("hard crash (at_least_once): " + result.figures() + ", change events answered twice: "
                + result.answeredTwice().size());
    }

    private record Result(AccountingInvariant.Figures figures, Set<String> answeredTwice) {
    }

    private Result crashAndRecover(String guarantee) throws Exception {
        String input = Topics.uniqueName("crash-in");
        String output = Topics.uniqueName("crash-out");
        String dlq = Topics.uniqueName("crash-dlq");
        Path state = work.resolve("state-" + guarantee);
        SchemaRegistry registry = new RestSchemaRegistry(ApicurioRegistry.url(), RegistryAuth.none());
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token(CANARY, PORTAL).latencyMs(1_500, 2_500).build())) {
            Map<String, String> env = new HashMap<>();
            env.put("ENRICHER_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
            env.put("ENRICHER_KAFKA_APPLICATION_ID", Topics.uniqueName("crash"));
            env.put("ENRICHER_KAFKA_STATE_DIR", state.toString());
            env.put("ENRICHER_KAFKA_PROCESSING_GUARANTEE", guarantee);
            // Every answer is written, so a change event answered twice shows up twice (suppression would hide a
            // repeated answer); at_least_once requires it anyway.
            env.put("ENRICHER_OUTPUT_EMIT_UNCHANGED", "true");
            env.put("ENRICHER_KAFKA_COMMIT_INTERVAL_MS", "500");
            // The killed instance's partitions go to the restarted one when its session expires: 10 s instead of
            // Kafka's 45 s keeps the test short; how long that takes is not what it checks.
            env.put("ENRICHER_KAFKA_SESSION_TIMEOUT_MS", "10000");
            env.put("ENRICHER_SCHEMA_REGISTRY_URL", ApicurioRegistry.url());
            env.put("ENRICHER_TOPICS_INPUT", input);
            env.put("ENRICHER_TOPICS_OUTPUT", output);
            env.put("ENRICHER_TOPICS_DEAD_LETTER", dlq);
            env.put("ENRICHER_TOPICS_PARTITIONS", "3");
            env.put("ENRICHER_ASSOCIATIONS_PAIRS", "contacts:companies,deals:contacts");
            env.put("ENRICHER_HUBSPOT_BASE_URL", hubspot.baseUrl());
            env.put("ENRICHER_HUBSPOT_TOKEN", CANARY);
            env.put("ENRICHER_BATCH_MAX_IDS", "50");
            env.put("ENRICHER_BATCH_MAX_WAIT", "200ms");

            List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(11, 1_500,
                    List.of(PORTAL), List.of("contacts", "deals"), 400, 0.8, PAIRS, System.currentTimeMillis() - 60_000));
            var serializer = ConfluentAvroSerde.forValues(registry, CrmObjectChangeEvent.class).serializer();
            var associations = ConfluentAvroSerde.forValues(registry, AssociationEvent.class).deserializer();
            var letters = ConfluentAvroSerde.forValues(registry, AssociationDeadLetter.class).deserializer();
            String metrics;
            try (EnricherProcess first = EnricherProcess.start(env, work.resolve(guarantee + "-1.log"))) {
                first.awaitReady(Duration.ofSeconds(120));
                Topics.produce(input, new StringSerializer(), serializer,
                        events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
                // Some answers are out, more are pending or in flight: now the process dies without any goodbye.
                Topics.consumeUntil(output, new StringDeserializer(), associations, read -> read.size() >= 50, Duration.ofSeconds(90));
                first.kill();
            }
            hubspot.update(settings -> settings.toBuilder().latencyMs(5, 20).build());
            AccountingInvariant.Figures figures;
            try (EnricherProcess second = EnricherProcess.start(env, work.resolve(guarantee + "-2.log"))) {
                second.awaitReady(Duration.ofSeconds(120));
                figures = AccountingInvariant.check(events, PAIRS, output, dlq, associations, letters, Map.of(), Duration.ofSeconds(120));
                metrics = second.get("/metrics").body();
                second.terminate(Duration.ofSeconds(60));
            }

            assertThat(metrics).contains("enricher_events_in_total").doesNotContain(CANARY);
            for (String log : List.of(guarantee + "-1.log", guarantee + "-2.log")) {
                assertThat(Files.readString(work.resolve(log))).as(log).doesNotContain(CANARY);
            }
            assertNoFileContains(state, CANARY);
            List<ConsumerRecord<String, AssociationEvent>> out = Topics.consumeUntil(output, new StringDeserializer(),
                    associations, read -> true, Duration.ofSeconds(10));
            Set<String> seen = new HashSet<>();
            Set<String> answeredTwice = new HashSet<>();
            for (ConsumerRecord<String, AssociationEvent> record : out) {
                if (record.value() != null) {
                    record.value().getTriggeringEventIds().forEach(id -> {
                        if (!seen.add(record.key() + "/" + id)) {
                            answeredTwice.add(record.key() + "/" + id);
                        }
                    });
                }
            }
            return new Result(figures, answeredTwice);
        }
    }

    private static void assertNoFileContains(Path dir, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(indexOf(bytes, needle)).as("secret in %s", file).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
