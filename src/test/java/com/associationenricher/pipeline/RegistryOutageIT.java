package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.tools.simulator.SchemaRegistrySimulator;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Schema Registry restart while records written with a schema id the enricher has not seen yet arrive: nothing is
 * dead-lettered, the instance reports not ready meanwhile, and once the registry answers again every record is
 * enriched.
 */
@ExtendWith(KafkaBroker.class)
class RegistryOutageIT {
    static final long PORTAL = 616;

    @TempDir
    Path stateDir;

    @Test
    void recordsWithAnUnseenSchemaIdWaitForTheRegistryInsteadOfBecomingDeadLetters() throws Exception {
        String input = Topics.uniqueName("changes");
        String output = Topics.uniqueName("associations");
        String dlq = Topics.uniqueName("dlq");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (SchemaRegistrySimulator registryServer = SchemaRegistrySimulator.startOnFreePort();
             HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token("outage-token", PORTAL).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("outage"), stateDir)
                    .registry(registryServer.url())
                    .topics(input, output, dlq)
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "contacts:companies")
                    .with("hubspot.portals." + PORTAL + ".token", "outage-token")
                    .with("batch.max-wait", "100ms")
                    .build();
            SchemaRegistry registry = new RestSchemaRegistry(registryServer.url(), RegistryAuth.none());
            var changeEvents = ConfluentAvroSerde.forValues(registry, CrmObjectChangeEvent.class);
            EnricherMetrics metrics = EnricherMetrics.inMemory();
            try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
                 EnricherService service = new EnricherService(config, reader, metrics)) {
                service.start();
                List<CrmObjectChangeEvent> warmUp = IntStream.range(0, 3).mapToObj(i -> contact("10" + i)).toList();
                Topics.produce(input, new StringSerializer(), changeEvents.serializer(),
                        warmUp.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
                // A bad record before the outage: like any running instance, it has written a dead letter before.
                Topics.produce(input, new StringSerializer(), new ByteArraySerializer(),
                        List.of(KeyValue.pair("garbage-1", "not avro".getBytes(StandardCharsets.UTF_8))));
                awaitOutputKeys(output, registry, keys(warmUp));
                await().atMost(Duration.ofSeconds(30)).until(() -> metrics.count("enricher.dead.letters") == 1);

                // A producer upgraded to a newer writer schema: an id the enricher has never resolved.
                Schema newer = withoutField(CrmObjectChangeEvent.getClassSchema(), "propertyName");
                int newId = registry.register(input + "-value", newer);
                List<CrmObjectChangeEvent> waiting = IntStream.range(0, 20).mapToObj(i -> contact("20" + i)).toList();
                List<KeyValue<String, byte[]>> records = waiting.stream()
                        .map(e -> KeyValue.pair(ObjectChanges.objectKey(e), encode(newer, newId, e))).toList();

                AtomicBoolean sawNotReady = new AtomicBoolean();
                sampler.scheduleAtFixedRate(() -> {
                    if (!service.isReady()) {
                        sawNotReady.set(true);
                    }
                }, 0, 50, TimeUnit.MILLISECONDS);
                registryServer.stop();
                Topics.produce(input, new StringSerializer(), new ByteArraySerializer(), records);
                await().atMost(Duration.ofSeconds(30)).until(() -> sawNotReady.get() || metrics.count("enricher.dead.letters") > 1);
                // The outage lasts: the instance stays not ready and still dead-letters nothing.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> !service.isReady() && metrics.count("enricher.dead.letters") == 1);
                registryServer.start();

                // A record no registry can help, as a marker: once its dead letter is out, the others were decided.
                Topics.produce(input, new StringSerializer(), new ByteArraySerializer(),
                        List.of(KeyValue.pair("garbage-2", "not avro".getBytes(StandardCharsets.UTF_8))));
                List<ConsumerRecord<String, AssociationDeadLetter>> letters = Topics.consumeUntil(dlq, new StringDeserializer(),
                        ConfluentAvroSerde.forValues(registry, AssociationDeadLetter.class).deserializer(),
                        read -> read.stream().filter(r -> r.value().getMessage().contains("magic byte")).count() == 2, Duration.ofSeconds(60));
                assertThat(letters).as("dead letters").extracting(r -> r.value().getMessage())
                        .hasSize(2).allSatisfy(message -> assertThat(message).contains("magic byte"));

                awaitOutputKeys(output, registry, keys(waiting));
                assertThat(sawNotReady).as("not ready while the registry was unreachable").isTrue();
                assertThat(metrics.registry().counter("enricher.stream.thread.failures").count()).as("stream thread failures").isZero();
                await().atMost(Duration.ofSeconds(30)).until(service::isReady);
            }
        } finally {
            sampler.shutdownNow();
        }
    }

    private static Set<String> keys(List<CrmObjectChangeEvent> events) {
        return events.stream().map(e -> PORTAL + ":contacts:" + e.getObjectId() + ":companies").collect(Collectors.toSet());
    }

    private static void awaitOutputKeys(String output, SchemaRegistry registry, Set<String> keys) {
        Topics.consumeUntil(output, new StringDeserializer(), ConfluentAvroSerde.forValues(registry, AssociationEvent.class).deserializer(),
                read -> read.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(keys), Duration.ofSeconds(90));
    }

    private static CrmObjectChangeEvent contact(String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId("contact-" + id).setPortalId(PORTAL).setObjectType("contacts")
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.now()).build();
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream().filter(f -> !f.name().equals(dropped))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** Confluent wire format written with {@code writer}, the way another producer's serializer would. */
    private static byte[] encode(Schema writer, int schemaId, CrmObjectChangeEvent event) {
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Object value = event.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                value = new GenericData.EnumSymbol(field.schema(), symbol.name());
            }
            record.put(field.name(), value);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
