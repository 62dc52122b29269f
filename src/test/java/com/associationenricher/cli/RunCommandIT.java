package com.associationenricher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.ApicurioRegistry;
import com.associationenricher.testkit.EnricherProcess;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as operators run it: a separate JVM configured by environment variables only, a real broker, a real
 * registry, the simulator. Readiness, the metrics it exposes after traffic, and a graceful SIGTERM that loses no id.
 */
@ExtendWith({KafkaBroker.class, ApicurioRegistry.class})
class RunCommandIT {
    static final long PORTAL = 123456;
    static final AssociationPairs PAIRS = AssociationPairs.parse(AssociationPairs.DEFAULT);

    @TempDir
    Path work;

    @Test
    void runBecomesReadyExposesMetricsAndAfterSigtermLosesNoPendingId() throws Exception {
        String input = Topics.uniqueName("changes");
        String output = Topics.uniqueName("associations");
        Map<String, String> env = new HashMap<>();
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token("run-token", PORTAL).latencyMs(5, 20).build())) {
            env.put("ENRICHER_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
            env.put("ENRICHER_KAFKA_APPLICATION_ID", Topics.uniqueName("run"));
            env.put("ENRICHER_KAFKA_STATE_DIR", work.resolve("state").toString());
            env.put("ENRICHER_KAFKA_COMMIT_INTERVAL_MS", "200");
            env.put("ENRICHER_SCHEMA_REGISTRY_URL", ApicurioRegistry.url());
            env.put("ENRICHER_TOPICS_INPUT", input);
            env.put("ENRICHER_TOPICS_OUTPUT", output);
            env.put("ENRICHER_TOPICS_DEAD_LETTER", Topics.uniqueName("dlq"));
            env.put("ENRICHER_TOPICS_PARTITIONS", "3");
            env.put("ENRICHER_HUBSPOT_BASE_URL", hubspot.baseUrl());
            env.put("ENRICHER_HUBSPOT_TOKEN", "run-token");
            env.put("ENRICHER_HUBSPOT_PORTAL_ID", String.valueOf(PORTAL));
            env.put("ENRICHER_BATCH_MAX_WAIT", "200ms");
            env.put("ENRICHER_SHUTDOWN_TIMEOUT", "20s");

            List<CrmObjectChangeEvent> first = events(1, 300);
            try (EnricherProcess enricher = EnricherProcess.start(env, work.resolve("run-1.log"))) {
                enricher.awaitReady(Duration.ofSeconds(120));
                ChangeEvents.produceViaApicurio(input, first);
                awaitSettled(output, ExpectedKeys.of(first, PAIRS));

                String metrics = enricher.get("/metrics").body();
                assertThat(value(metrics, "enricher_events_in_total")).isGreaterThanOrEqualTo(first.size());
                assertThat(metrics).contains("enricher_batches_total{reason=\"time\"}", "enricher_batch_size_ids_count",
                        "enricher_pending_ids{", "enricher_batches_in_flight", "enricher_end_to_end_delay_seconds_count",
                        "enricher_association_events_suppressed_total", "kafka_stream_", "jvm_memory_used_bytes");
                assertThat(value(metrics, "enricher_association_events_total")).isPositive();
                assertThat(enricher.get("/health/live").statusCode()).isEqualTo(200);

                // HubSpot turns slow: the next ids are pending or in flight when SIGTERM comes.
                hubspot.update(settings -> settings.toBuilder().latencyMs(4_000, 5_000).build());
                List<CrmObjectChangeEvent> second = events(2, 200);
                ChangeEvents.produceViaApicurio(input, second);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> value(enricher.get("/metrics").body(), "enricher_batches_in_flight") > 0);
                int exit = enricher.terminate(Duration.ofSeconds(40));
                assertThat(exit).as("exit code after SIGTERM; log:%n%s", enricher.log()).isIn(0, 143);
                assertThat(enricher.log()).contains("Shut down cleanly").doesNotContain("run-token");

                hubspot.update(settings -> settings.toBuilder().latencyMs(5, 20).build());
                try (EnricherProcess restarted = EnricherProcess.start(env, work.resolve("run-2.log"))) {
                    restarted.awaitReady(Duration.ofSeconds(120));
                    List<CrmObjectChangeEvent> all = new java.util.ArrayList<>(first);
                    all.addAll(second);
                    awaitSettled(output, ExpectedKeys.of(all, PAIRS));
                }
            }
        }
    }

    private static List<CrmObjectChangeEvent> events(long seed, int count) {
        return ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(seed, count, List.of(PORTAL),
                List.of("contacts", "companies", "deals"), 100 * (int) seed, 0, PAIRS, System.currentTimeMillis() - 60_000 + seed * 10_000));
    }


    private static void awaitSettled(String output, Map<String, Boolean> expected) {
        var deserializer = ConfluentAvroSerde.forValues(new RestSchemaRegistry(ApicurioRegistry.url(), RegistryAuth.none()),
                AssociationEvent.class).deserializer();
        Topics.consumeUntil(output, new StringDeserializer(), deserializer, records -> {
            Map<String, AssociationEvent> table = new HashMap<>();
            Map<String, Boolean> present = new HashMap<>();
            for (ConsumerRecord<String, AssociationEvent> r : records) {
                table.put(r.key(), r.value());
                present.put(r.key(), true);
            }
            return expected.entrySet().stream().allMatch(e -> present.containsKey(e.getKey())
                    && (e.getValue() ? table.get(e.getKey()) == null : table.get(e.getKey()) != null));
        }, Duration.ofSeconds(90));
    }

    private static double value(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
            found = true;
        }
        assertThat(found).as("metric %s in%n%s", name, metrics.lines().filter(l -> l.startsWith("enricher")).toList()).isTrue();
        return sum;
    }
}
