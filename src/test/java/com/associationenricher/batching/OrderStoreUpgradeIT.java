package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.ObjectChanges;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade from a build that kept the change order in its own store, {@code last-changes}: the new build restores
 * that store's changelog, honours what it says (a deletion, a newer change) and moves it into {@code last-emitted}, so
 * that after another restart without local state the order still holds with {@code last-changes} emptied. The older
 * build's changelog is written here as that build wrote it (same topic, key, partition and 9-byte value). Real broker,
 * the HubSpot simulator over HTTP.
 */
@ExtendWith(KafkaBroker.class)
class OrderStoreUpgradeIT {
    static final long PORTAL = 555003;
    static final String TOKEN = "order-upgrade-token";
    static final int PARTITIONS = 2;

    @TempDir
    Path work;
    final String scope = Topics.uniqueName("registry");
    final String application = Topics.uniqueName("order-upgrade");
    final String input = Topics.uniqueName("order-upgrade-in");
    final String output = Topics.uniqueName("order-upgrade-out");
    final String dlq = Topics.uniqueName("order-upgrade-dlq");
    int eventSeq;

    @Test
    void theOlderBuildsOrderIsHonouredMovedIntoLastEmittedAndKeptAcrossARestart() throws Exception {
        List<String> ids = idsWithAssociations(2);
        String deletedBefore = ids.get(0);
        String changedBefore = ids.get(1);
        EnricherSerdes serdes = TestSerdes.enricherSerdes(scope);
        Instant t = Instant.now();
        String legacyChangelog = application + "-" + ChangeOrder.LEGACY_STORE + "-changelog";
        Topics.create(PARTITIONS, Map.of("cleanup.policy", "compact"), legacyChangelog);
        writeAsTheOlderBuild(legacyChangelog, deletedBefore, new LastChange(t.toEpochMilli(), true));
        writeAsTheOlderBuild(legacyChangelog, changedBefore, new LastChange(t.toEpochMilli(), false));

        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL).build())) {
            run(hubspot, "state-1", metrics -> {
                // Older than what the older build remembered: a change of the deleted key, a deletion of the changed one.
                change(serdes, deletedBefore, ChangeType.UPDATED, t.minusSeconds(10));
                change(serdes, changedBefore, ChangeType.DELETED, t.minusSeconds(10));
                Awaitility.await("both refused as stale").atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.changes.stale") == 2);
                change(serdes, deletedBefore, ChangeType.UPDATED, t.plusSeconds(10));
                Awaitility.await("the newer change looked up and answered").atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.association.events") == 1 && metrics.pendingIds() == 0);
                List<ConsumerRecord<String, byte[]>> moved = Topics.consumeUntil(legacyChangelog, new StringDeserializer(),
                        new ByteArrayDeserializer(), read -> tombstoned(read, deletedBefore) && tombstoned(read, changedBefore),
                        Duration.ofSeconds(60));
                assertThat(moved).as("the older build's entries, then their deletion by the move").hasSize(4);
            });

            run(hubspot, "state-2", metrics -> {
                // Both older than what last-emitted now holds: the moved T of one key, the change at T+10 of the other.
                change(serdes, changedBefore, ChangeType.DELETED, t.minusSeconds(5));
                change(serdes, deletedBefore, ChangeType.DELETED, t.plusSeconds(5));
                Awaitility.await("both deletions refused as stale after a restart without local state")
                        .atMost(Duration.ofSeconds(60)).until(() -> metrics.count("enricher.changes.stale") == 2);
                assertThat(metrics.count("enricher.tombstones")).isZero();
            });
        }

        List<ConsumerRecord<String, AssociationEvent>> records = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(), read -> !read.isEmpty(), Duration.ofSeconds(30));
        assertThat(records).as("one event, for the change newer than the older build's deletion; no tombstone")
                .singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo(key(deletedBefore));
                    assertThat(r.value()).isNotNull();
                    assertThat(r.value().getAssociations()).isNotEmpty();
                });
    }

    /** One enricher instance with its own, empty state directory; stopped when {@code body} returns. */
    private void run(HubSpotSimulator hubspot, String stateDir, Consumer<EnricherMetrics> body) throws Exception {
        EnricherConfig config = EnricherTestConfig.onTestBroker(application, work.resolve(stateDir))
                .registry("mock://" + scope)
                .topics(input, output, dlq)
                .hubspot(hubspot.baseUrl())
                .with("topics.partitions", String.valueOf(PARTITIONS))
                .with("associations.pairs", "contacts:companies")
                .with("hubspot.token", TOKEN)
                .with("hubspot.portal-id", String.valueOf(PORTAL))
                .with("batch.max-wait", "100ms")
                .build();
        InJvmEnricher.run(config, metrics -> {
            body.accept(metrics);
            return null;
        });
    }

    /**
     * One entry of the older build's changelog, in the partition of the task that owns the object: the repartition
     * goes by object key, the store by association key.
     */
    private static void writeAsTheOlderBuild(String changelog, String objectId, LastChange change) throws Exception {
        String objectKey = ObjectChanges.objectKey(event("any", objectId, ChangeType.UPDATED, Instant.now()));
        int partition = Utils.toPositive(Utils.murmur2(objectKey.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, LastChange> producer = new KafkaProducer<>(config, new StringSerializer(), LastChange.serde().serializer())) {
            producer.send(new ProducerRecord<>(changelog, partition, key(objectId), change)).get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean tombstoned(List<ConsumerRecord<String, byte[]>> records, String objectId) {
        return records.stream().anyMatch(r -> r.key().equals(key(objectId)) && r.value() == null);
    }

    private static String key(String objectId) {
        return PORTAL + ":contacts:" + objectId + ":companies";
    }

    private void change(EnricherSerdes serdes, String objectId, ChangeType type, Instant occurredAt) {
        eventSeq++;
        ChangeEvents.produce(input, List.of(event("order-upgrade-" + eventSeq, objectId, type, occurredAt)), serdes.changeEvents().serializer());
    }

    private static CrmObjectChangeEvent event(String eventId, String objectId, ChangeType type, Instant occurredAt) {
        return CrmObjectChangeEvent.newBuilder()
                .setEventId(eventId)
                .setPortalId(PORTAL)
                .setObjectType("contacts")
                .setObjectId(objectId)
                .setChangeType(type)
                .setOccurredAt(occurredAt)
                .build();
    }

    private static List<String> idsWithAssociations(int count) {
        return IntStream.range(100, 300).mapToObj(String::valueOf)
                .filter(id -> !AssociationTruth.associations(PORTAL, "contacts", id, "companies").isEmpty())
                .limit(count).toList();
    }
}
