package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backlog written long before the instance starts is looked up to its last id without waiting out
 * {@code batch.max-wait} (here a minute) for part-full batches: once every input partition is read to its end, the
 * tasks send what they hold (flush reason {@code backlog_end}), one call per group. Under both input formats: Avro
 * change events, and HubSpot's webhook JSON (arrays of 100 events a record). Real broker (its consumers' lag metrics),
 * the HubSpot simulator over HTTP.
 */
@ExtendWith(KafkaBroker.class)
class BacklogEndIT {
    static final long PORTAL = 555007;
    static final String TOKEN = "backlog-end-token";
    static final int CONTACTS = 1_500;

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"avro", "hubspot-webhook-json"})
    void aBacklogsLastPartFullBatchesGoOnceItIsReadToItsEnd(String inputFormat) throws Exception {
        String input = Topics.uniqueName("backlog-end-in");
        Topics.create(2, input);
        String scope = Topics.uniqueName("registry");
        var serializer = TestSerdes.enricherSerdes(scope).changeEvents().serializer();
        // Written two minutes ago: the records are older than batch.max-wait when the instance takes them.
        long writtenAt = Instant.now().minus(Duration.ofMinutes(2)).toEpochMilli();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            if (inputFormat.equals("avro")) {
                for (int i = 0; i < CONTACTS; i++) {
                    CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder().setEventId("backlog-" + i).setPortalId(PORTAL)
                            .setObjectType("contacts").setObjectId(String.valueOf(20_000 + i)).setChangeType(ChangeType.UPDATED)
                            .setOccurredAt(Instant.ofEpochMilli(writtenAt)).build();
                    producer.send(new ProducerRecord<>(input, null, writtenAt, ObjectChanges.objectKey(event).getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(input, event)));
                }
            } else {
                for (int from = 0; from < CONTACTS; from += 100) {
                    StringBuilder batch = new StringBuilder("[");
                    for (int i = from; i < from + 100; i++) {
                        batch.append(i == from ? "" : ",").append(webhookEvent(i, writtenAt));
                    }
                    producer.send(new ProducerRecord<>(input, null, writtenAt, ("webhook-" + from).getBytes(StandardCharsets.UTF_8),
                            batch.append("]").toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }

        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL).latencyMs(5, 20).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("backlog-end"), work.resolve("state"))
                    .registry("mock://" + scope)
                    .topics(input, Topics.uniqueName("backlog-end-out"), Topics.uniqueName("backlog-end-dlq"))
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "contacts:companies")
                    .with("hubspot.token", TOKEN)
                    .with("hubspot.portal-id", String.valueOf(PORTAL))
                    .with("batch.max-wait", "60s")
                    .with("input.format", inputFormat)
                    .build();
            long started = System.nanoTime();
            InJvmEnricher.run(config, metrics -> {
                Awaitility.await("every id of the backlog answered, long before batch.max-wait").atMost(Duration.ofSeconds(40))
                        .until(() -> metrics.count("enricher.association.events") >= CONTACTS);
                System.out.printf("backlog end (%s): %d ids answered %.1f s after start, %d calls%n", inputFormat, CONTACTS,
                        (System.nanoTime() - started) / 1e9, hubspot.stats().totalCalls());
                assertThat(metrics.registry().find("enricher.batches").tag("reason", "backlog_end").counter())
                        .as("the last part-full batch went at the backlog's end").isNotNull()
                        .satisfies(counter -> assertThat(counter.count()).isPositive());
                assertThat(metrics.count("enricher.batches")).as("1,500 ids of one group: 2 calls at best").isBetween(2.0, 3.0);
                return null;
            });
        }
    }

    /** One contact's property change as HubSpot's webhook sends it. */
    private static String webhookEvent(int i, long occurredAt) {
        return """
                {"eventId":%d,"subscriptionId":9,"portalId":%d,"appId":7,"occurredAt":%d,"subscriptionType":"contact.propertyChange",
                 "attemptNumber":0,"objectId":%d,"propertyName":"email","propertyValue":"x","changeSource":"CRM"}"""
                .formatted(30_000 + i, PORTAL, occurredAt, 20_000 + i);
    }
}
