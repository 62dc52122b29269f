package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.ObjectChanges;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input: every bad record becomes exactly one dead letter with its bytes (capped), a storm of 100,000 changes
 * of one object costs a handful of lookups, and a normal workload afterwards still completes within a bound.
 */
@ExtendWith(KafkaBroker.class)
class HostileInputIT {
    static final long PORTAL = 660066;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");

    @TempDir
    Path state;

    @Test
    void garbageBecomesDeadLettersAHotIdCostsFewCallsAndThePipelineKeepsGoing() throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("hostile-in");
        String output = Topics.uniqueName("hostile-out");
        String dlq = Topics.uniqueName("hostile-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                .latencyMs(5, 20).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("hostile"), state)
                    .registry("mock://" + scope)
                    .topics(input, output, dlq)
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "contacts:companies,deals:contacts")
                    .with("hubspot.portals." + PORTAL + ".token", Canary.TOKEN)
                    .with("hubspot.rate-limit.requests", "10000")
                    .with("batch.max-wait", "500ms")
                    .build();
            InJvmEnricher.run(config, metrics -> {
                var serializer = serdes.changeEvents().serializer();
                List<KeyValue<byte[], byte[]>> garbage = new ArrayList<>();
                byte[] random = new byte[512];
                new Random(1).nextBytes(random);
                garbage.add(KeyValue.pair("random".getBytes(StandardCharsets.UTF_8), random));
                byte[] valid = serializer.serialize(input, event("contacts", "1001"));
                byte[] wrongMagic = valid.clone();
                wrongMagic[0] = 1;
                garbage.add(KeyValue.pair(null, wrongMagic));
                garbage.add(KeyValue.pair(null, ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(7).array()));
                garbage.add(KeyValue.pair(null, unresolvable(scope)));
                garbage.add(KeyValue.pair("null-value".getBytes(StandardCharsets.UTF_8), null));
                byte[] big = new byte[1_000_000];
                new Random(2).nextBytes(big);
                garbage.add(KeyValue.pair(null, big));
                for (String id : List.of("-5", "abc", "9".repeat(10_000))) {
                    garbage.add(KeyValue.pair(null, serializer.serialize(input, event("contacts", id))));
                }
                garbage.add(KeyValue.pair(null, serializer.serialize(input, event("planets", "5"))));
                Topics.produce(input, new ByteArraySerializer(), new ByteArraySerializer(), garbage);

                List<ConsumerRecord<String, AssociationDeadLetter>> letters = Topics.consumeUntil(dlq, new StringDeserializer(),
                        serdes.deadLetters().deserializer(), read -> read.size() >= garbage.size(), Duration.ofSeconds(60));
                assertThat(letters).hasSize(garbage.size()).allSatisfy(r -> assertThat(r.key()).startsWith("input:"));
                letters.forEach(r -> Canary.assertNotIn("dead letter " + r.key(), r.value()));
                assertThat(letters).extracting(r -> r.value().getReason()).containsExactlyInAnyOrder(
                        DeadLetterReason.UNDECODABLE_EVENT, DeadLetterReason.UNDECODABLE_EVENT, DeadLetterReason.UNDECODABLE_EVENT,
                        DeadLetterReason.UNDECODABLE_EVENT, DeadLetterReason.INVALID_EVENT, DeadLetterReason.UNDECODABLE_EVENT,
                        DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT,
                        DeadLetterReason.INVALID_EVENT);
                assertThat(letters).filteredOn(r -> r.value().getRawValue() != null).anySatisfy(r -> {
                    assertThat(r.value().getRawValue().remaining()).isEqualTo(256 * 1024);
                    assertThat(r.value().getMessage()).contains("1000000 bytes truncated");
                });
                // Messages say what is wrong without echoing the payload (the 1 MB and 10,000-character inputs stay out of them).
                assertThat(letters).allSatisfy(r -> assertThat(r.value().getMessage()).hasSizeLessThan(2_000));

                // 100,000 changes of one hot object: the store collapses them.
                long callsBefore = hubspot.stats().totalCalls();
                List<KeyValue<String, CrmObjectChangeEvent>> storm = new ArrayList<>();
                for (int i = 0; i < 100_000; i++) {
                    CrmObjectChangeEvent change = event("contacts", "4242");
                    change.setEventId("storm-" + i);
                    storm.add(KeyValue.pair(ObjectChanges.objectKey(change), change));
                }
                Topics.produce(input, new org.apache.kafka.common.serialization.StringSerializer(), serializer, storm);

                List<CrmObjectChangeEvent> normal = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(5, 1_000,
                        List.of(PORTAL), List.of("contacts", "deals"), 300, 0.5, PAIRS, System.currentTimeMillis()));
                long started = System.nanoTime();
                Topics.produce(input, new org.apache.kafka.common.serialization.StringSerializer(), serializer,
                        normal.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
                List<CrmObjectChangeEvent> all = new ArrayList<>(normal);
                all.add(storm.get(storm.size() - 1).value);
                AccountingInvariant.Figures figures = AccountingInvariant.check(all, PAIRS, output, dlq,
                        serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(90));
                Duration afterGarbage = Duration.ofNanos(System.nanoTime() - started);
                long calls = hubspot.stats().totalCalls() - callsBefore;
                assertThat(calls).as("calls for the storm and the normal workload").isLessThan(150);
                assertThat(afterGarbage).isLessThan(Duration.ofSeconds(90));
                Canary.assertNotIn(metrics);
                System.out.printf("hostile input: %d bad records -> %d dead letters; 100,000 changes of one id + %s; %d HubSpot calls; "
                        + "normal workload settled %.1f s after it was produced%n", garbage.size(), letters.size(), figures, calls,
                        afterGarbage.toMillis() / 1000.0);
                return null;
            });
        }
    }

    /** A record in the wire format whose writer schema shares nothing with CrmObjectChangeEvent. */
    private static byte[] unresolvable(String scope) throws Exception {
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Planet\",\"fields\":[{\"name\":\"mass\",\"type\":\"int\"}]}");
        int id = InMemorySchemaRegistry.scope(scope).register("planets-value", other);
        GenericRecord planet = new GenericData.Record(other);
        planet.put("mass", 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0);
        bytes.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(other).write(planet, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static CrmObjectChangeEvent event(String type, String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId(type + "-" + id.length()).setPortalId(PORTAL).setObjectType(type)
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.now()).build();
    }
}
