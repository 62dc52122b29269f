package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.keyed-by-object=true} on a real broker with several partitions: a change the intake derives about
 * another object (here the company at the other end of a contact's association change) must reach the task that owns
 * that company, where its deletion is known, and not be looked up in the contact's task.
 */
@ExtendWith(KafkaBroker.class)
class KeyedByObjectCoLocationIT {
    static final long PORTAL = 808;
    static final int PARTITIONS = 4;
    static final String COMPANY = "9";

    @TempDir
    Path stateDir;

    @Test
    void theOtherEndOfAnAssociationChangeDoesNotOverwriteItsTombstoneFromAnotherTask() throws Exception {
        tombstoneSurvivesAnOlderDerivedChange(null);
    }

    /**
     * A producer that keys by object but partitions otherwise (librdkafka's default partitioner hashes with CRC32, not
     * murmur2): its record is not in the partition the repartition puts the object's derived changes in, so it must
     * take the repartition too, or the deletion and the derived change meet in two tasks.
     */
    @Test
    void aRecordKeyedByItsObjectButPartitionedOtherwiseStillMeetsTheObjectsDerivedChanges() throws Exception {
        tombstoneSurvivesAnOlderDerivedChange((partition(PORTAL + ":companies:" + COMPANY) + 1) % PARTITIONS);
    }

    /** @param deletionPartition the partition the company's deletion is written to; null: Kafka's default partitioner */
    private void tombstoneSurvivesAnOlderDerivedChange(Integer deletionPartition) throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("changes");
        String output = Topics.uniqueName("associations");
        String companyKey = PORTAL + ":companies:" + COMPANY;
        String contactId = contactInAnotherPartitionThan(companyKey);
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token("colo-token", PORTAL).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("colocation"), stateDir)
                    .registry("mock://" + scope)
                    .topics(input, output, Topics.uniqueName("dlq"))
                    .hubspot(hubspot.baseUrl())
                    .with("kafka.num.stream.threads", "2")
                    .with("topics.partitions", Integer.toString(PARTITIONS))
                    .with("input.keyed-by-object", "true")
                    .with("associations.pairs", "contacts:companies,companies:contacts")
                    .with("hubspot.portals." + PORTAL + ".token", "colo-token")
                    .with("batch.max-wait", "100ms")
                    .build();
            var serdes = TestSerdes.enricherSerdes(scope);
            InJvmEnricher.run(config, metrics -> {
                Instant deletedAt = Instant.now();
                produce(input, serdes, event("companies", COMPANY, ChangeType.DELETED, deletedAt), deletionPartition);
                Topics.consumeUntil(output, new StringDeserializer(), serdes.associationEvents().deserializer(),
                        read -> read.stream().anyMatch(r -> r.key().equals(companyKey + ":contacts") && r.value() == null),
                        Duration.ofSeconds(60));

                // Older than the deletion: it must not bring company 9 back.
                CrmObjectChangeEvent associationChange = CrmObjectChangeEvent.newBuilder(
                                event("contacts", contactId, ChangeType.ASSOCIATION_CHANGED, deletedAt.minusSeconds(5)))
                        .setToObjectType("companies").setToObjectId(COMPANY).build();
                produce(input, serdes, associationChange, null);
                String contactOutput = PORTAL + ":contacts:" + contactId + ":companies";

                Map<String, AssociationEvent> latest = new HashMap<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    readAll(output, serdes).forEach(r -> latest.put(r.key(), r.value()));
                    return latest.get(contactOutput) != null;
                });
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    readAll(output, serdes).forEach(r -> latest.put(r.key(), r.value()));
                    assertThat(latest).as("latest value per output key").containsEntry(companyKey + ":contacts", null);
                });
                return null;
            });
        }
    }

    private static List<ConsumerRecord<String, AssociationEvent>> readAll(String topic, EnricherSerdes serdes) {
        return Topics.consumeUntil(topic, new StringDeserializer(), serdes.associationEvents().deserializer(),
                read -> !read.isEmpty(), Duration.ofSeconds(10));
    }

    /** A contact whose key the default partitioner puts in another partition than the company's. */
    private static String contactInAnotherPartitionThan(String companyKey) {
        int companyPartition = partition(companyKey);
        return IntStream.range(100, 200).mapToObj(Integer::toString)
                .filter(id -> partition(PORTAL + ":contacts:" + id) != companyPartition)
                .findFirst().orElseThrow();
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static void produce(String topic, EnricherSerdes serdes, CrmObjectChangeEvent event, Integer partition) {
        if (partition == null) {
            Topics.produce(topic, new StringSerializer(), serdes.changeEvents().serializer(),
                    List.of(KeyValue.pair(ObjectChanges.objectKey(event), event)));
            return;
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, ObjectChanges.objectKey(event),
                    serdes.changeEvents().serializer().serialize(topic, event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CrmObjectChangeEvent event(String type, String id, ChangeType change, Instant at) {
        return CrmObjectChangeEvent.newBuilder().setEventId(type + "-" + id + "-" + change).setPortalId(PORTAL)
                .setObjectType(type).setObjectId(id).setChangeType(change).setOccurredAt(at).build();
    }
}
