package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object with 50,000 associations (v4 answers them all in one page) on a real broker: its association event is
 * capped instead of exceeding the producer's 1 MiB, and a record Kafka still refuses becomes an OUTPUT_REJECTED dead
 * letter while the stream thread keeps running and the next objects are enriched.
 */
@ExtendWith(KafkaBroker.class)
class OversizedAssociationsIT {
    static final long PORTAL = 4242;
    static final String HUGE = "50000";
    static final String SMALL = "7";

    @TempDir
    Path stateDir;
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    final String scope = Topics.uniqueName("registry");
    final String input = Topics.uniqueName("changes");
    final String output = Topics.uniqueName("associations");
    final String deadLetters = Topics.uniqueName("dlq");

    @Test
    void anObjectWithFiftyThousandAssociationsYieldsOneCappedIncompleteEvent() {
        try (ManyAssociationsHubSpot hubspot = ManyAssociationsHubSpot.start(Map.of(HUGE, 50_000));
             Running enricher = start(hubspot, Map.of())) {
            produce(contact(HUGE), contact(SMALL));

            Map<String, AssociationEvent> table = table(2);

            AssociationEvent huge = table.get(PORTAL + ":contacts:" + HUGE + ":companies");
            assertThat(huge.getAssociations()).hasSize(5_000);
            assertThat(huge.getAssociations().get(0).getToObjectId()).isEqualTo("1000000000");
            assertThat(huge.getComplete()).isFalse();
            assertThat(table.get(PORTAL + ":contacts:" + SMALL + ":companies").getComplete()).isTrue();
            enricher.assertNeverFailed();
        }
    }

    @Test
    void anEventOverTheProducersRecordLimitBecomesADeadLetterAndTheThreadKeepsRunning() {
        try (ManyAssociationsHubSpot hubspot = ManyAssociationsHubSpot.start(Map.of(HUGE, 50_000));
             Running enricher = start(hubspot, Map.of("output.max-associations-per-event", "50000"))) {
            produce(contact(HUGE), contact(SMALL));

            AssociationDeadLetter letter = deadLetter();
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OUTPUT_REJECTED);
            assertThat(letter.getObjectId()).isEqualTo(HUGE);
            assertThat(letter.getPortalId()).isEqualTo(PORTAL);
            assertThat(letter.getToObjectType()).isEqualTo("companies");
            assertThat(letter.getMessage()).contains("exceeds the record limit");
            assertThat(table(1)).containsOnlyKeys(PORTAL + ":contacts:" + SMALL + ":companies");
            enricher.assertNeverFailed();
        }
    }

    @Test
    void anEventTheBrokerRefusesBecomesADeadLetterAndTheThreadKeepsRunning() {
        try (ManyAssociationsHubSpot hubspot = ManyAssociationsHubSpot.start(Map.of(HUGE, 50_000));
             // Uncompressed: lz4 (the default) shrinks the 170 KB event under the 60,000-byte limit, and the broker
             // rightly accepts it; this test needs a record the broker refuses.
             Running enricher = start(hubspot, Map.of("kafka.processing.guarantee", "at_least_once",
                     "kafka.compression.type", "none"))) {
            // Lowered after start-up: only the broker knows, so the production exception handler has to cope.
            setMaxMessageBytes(output, 60_000);
            produce(contact(HUGE));
            AssociationDeadLetter letter = deadLetter();
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OUTPUT_REJECTED);
            assertThat(letter.getObjectId()).isEqualTo(HUGE);
            assertThat(letter.getMessage()).contains("RecordTooLargeException");

            produce(contact(SMALL));
            assertThat(table(1)).containsOnlyKeys(PORTAL + ":contacts:" + SMALL + ":companies");
            enricher.assertNeverFailed();
        }
    }

    @Test
    void theOutputTopicsOwnLimitIsHonouredUnderExactlyOnce() {
        Topics.create(1, Map.of("cleanup.policy", "compact", "max.message.bytes", "60000"), output);
        try (ManyAssociationsHubSpot hubspot = ManyAssociationsHubSpot.start(Map.of(HUGE, 50_000));
             Running enricher = start(hubspot, Map.of())) {
            produce(contact(HUGE), contact(SMALL));

            AssociationDeadLetter letter = deadLetter();
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OUTPUT_REJECTED);
            assertThat(letter.getObjectId()).isEqualTo(HUGE);
            assertThat(letter.getMessage()).contains("exceeds the record limit of 58976 bytes");
            assertThat(table(1)).containsOnlyKeys(PORTAL + ":contacts:" + SMALL + ":companies");
            enricher.assertNeverFailed();
        }
    }

    private static void setMaxMessageBytes(String topic, int bytes) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(bytes)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set max.message.bytes of " + topic, e);
        }
    }

    private Running start(ManyAssociationsHubSpot hubspot, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        settings.put("kafka.application.id", Topics.uniqueName("oversized"));
        settings.put("kafka.state.dir", stateDir.toString());
        settings.put("kafka.commit.interval.ms", "200");
        settings.put("schema-registry.url", "mock://" + scope);
        settings.put("topics.input", input);
        settings.put("topics.output", output);
        settings.put("topics.dead-letter", deadLetters);
        settings.put("topics.partitions", "1");
        settings.put("associations.pairs", "contacts:companies");
        settings.put("hubspot.associations-api", "v4");
        settings.put("hubspot.base-url", hubspot.baseUrl());
        settings.put("hubspot.portals." + PORTAL + ".token", "oversized-token");
        settings.put("batch.max-wait", "100ms");
        settings.putAll(overrides);
        EnricherConfig config = EnricherConfig.fromMap(settings);
        AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
        EnricherService service = new EnricherService(config, reader, metrics);
        service.start();
        return new Running(service, reader, metrics);
    }

    private Map<String, AssociationEvent> table(int keys) {
        var serdes = TestSerdes.enricherSerdes(scope);
        List<ConsumerRecord<String, AssociationEvent>> read = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(), records -> records.size() >= keys, Duration.ofSeconds(60));
        Map<String, AssociationEvent> latest = new HashMap<>();
        read.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private AssociationDeadLetter deadLetter() {
        var serdes = TestSerdes.enricherSerdes(scope);
        return Topics.consumeUntil(deadLetters, new StringDeserializer(), serdes.deadLetters().deserializer(),
                records -> !records.isEmpty(), Duration.ofSeconds(60)).get(0).value();
    }

    private void produce(CrmObjectChangeEvent... events) {
        var serdes = TestSerdes.enricherSerdes(scope);
        Topics.produce(input, new StringSerializer(), serdes.changeEvents().serializer(),
                List.of(events).stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
    }

    private static CrmObjectChangeEvent contact(String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId("contact-" + id).setPortalId(PORTAL).setObjectType("contacts")
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.now()).build();
    }

    private record Running(EnricherService service, AssociationsReader reader, EnricherMetrics metrics) implements AutoCloseable {
        void assertNeverFailed() {
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(metrics.registry().counter("enricher.stream.thread.failures").count()).as("stream thread failures").isZero();
        }

        @Override
        public void close() {
            service.close(Duration.ofSeconds(30));
            reader.close();
        }
    }
}
