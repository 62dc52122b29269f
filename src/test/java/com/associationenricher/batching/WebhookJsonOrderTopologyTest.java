package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.AvroInputDecoder;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.pipeline.ToolRecordsAwareDecoder;
import com.associationenricher.pipeline.WebhookJsonDecoder;
import com.associationenricher.testkit.EnricherTopologyDriver;
import com.associationenricher.testkit.TestSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes keep their order under {@code input.format=hubspot-webhook-json} as under Avro, with the decoder the service
 * builds for that format (JSON from HubSpot, Avro from the operator tools in the same topic): a late deletion older
 * than a waiting or answered change is refused, a newer one wins, and a replayed Avro change is ordered against a
 * JSON deletion. TopologyTestDriver with a scripted HubSpot reader.
 */
class WebhookJsonOrderTopologyTest {
    static final long PORTAL = 42;
    static final long AT = 1_700_000_000_000L;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies");

    final ScriptedReader reader = new ScriptedReader();
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    EnricherSerdes serdes;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, AssociationEvent> output;
    int eventSeq;

    @BeforeEach
    void start() {
        serdes = TestSerdes.enricherSerdes("webhook-order-" + UUID.randomUUID());
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, LookupBatcherTopologyTest.POLICY, PAIRS, true);
        var decoder = new ToolRecordsAwareDecoder(new WebhookJsonDecoder(PAIRS, metrics),
                new AvroInputDecoder(serdes.changeEvents().deserializer()));
        driver = EnricherTopologyDriver.start("webhook-order", settings, serdes, decoder, reader, metrics, Instant.ofEpochMilli(1_000_000));
        input = EnricherTopologyDriver.input(driver, "in");
        output = EnricherTopologyDriver.associationEvents(driver, "out", serdes);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aLateOlderDeletionLeavesAWaitingChangeAndANewerOneErasesIt() {
        webhooks(contact("propertyChange", 7, AT), contact("propertyChange", 8, AT));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7", "8"));

        // Both arrive while the call is in flight, in one webhook body.
        webhooks(contact("deletion", 7, AT - 10_000), contact("deletion", 8, AT + 10_000));
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);
        assertThat(metrics.count("enricher.tombstones")).isEqualTo(1);
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<KeyValue<String, AssociationEvent>> records = output.readKeyValuesToList();
        assertThat(valuesOf(records, 7)).as("the waiting change survives the older deletion").singleElement()
                .satisfies(event -> assertThat(event.getAssociations()).isNotEmpty());
        assertThat(valuesOf(records, 8)).as("the newer deletion wins; the answer for the erased entry is discarded")
                .containsExactly((AssociationEvent) null);
        assertThat(metrics.count("enricher.answers.discarded")).isEqualTo(1);
    }

    @Test
    void anAnsweredChangeIsRememberedSoALateOlderDeletionIsRefused() {
        webhooks(contact("creation", 7, AT));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(valuesOf(output.readKeyValuesToList(), 7)).singleElement().isNotNull();

        webhooks(contact("deletion", 7, AT - 5_000));
        assertThat(output.isEmpty()).as("older than the answered change: refused").isTrue();
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);

        webhooks(contact("deletion", 7, AT + 5_000));
        assertThat(valuesOf(output.readKeyValuesToList(), 7)).containsExactly((AssociationEvent) null);
    }

    @Test
    void aReplayedAvroChangeIsOrderedAgainstAWebhookDeletion() {
        webhooks(contact("deletion", 7, AT));
        assertThat(valuesOf(output.readKeyValuesToList(), 7)).containsExactly((AssociationEvent) null);

        // What `dlq replay` or `backfill` writes into the same topic: Confluent Avro, not JSON.
        avro(change("7", AT - 1_000));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(reader.calls).as("older than the deletion: never looked up").isEmpty();
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);

        avro(change("7", AT + 1_000));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7"));
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(valuesOf(output.readKeyValuesToList(), 7)).singleElement().isNotNull();
    }

    private void webhooks(String... events) {
        input.pipeInput(("[" + String.join(",", events) + "]").getBytes(StandardCharsets.UTF_8));
    }

    private void avro(CrmObjectChangeEvent event) {
        input.pipeInput(serdes.changeEvents().serializer().serialize("in", event));
    }

    private String contact(String change, long objectId, long occurredAt) {
        eventSeq++;
        return """
                {"eventId":%d,"subscriptionId":9,"portalId":%d,"appId":7,"occurredAt":%d,"subscriptionType":"contact.%s",
                 "attemptNumber":0,"objectId":%d,"changeSource":"CRM"}""".formatted(eventSeq, PORTAL, occurredAt, change, objectId);
    }

    private CrmObjectChangeEvent change(String objectId, long occurredAt) {
        eventSeq++;
        return CrmObjectChangeEvent.newBuilder().setEventId("replayed-" + eventSeq).setPortalId(PORTAL).setObjectType("contacts")
                .setObjectId(objectId).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setMergedObjectIds(List.of()).build();
    }

    private static List<AssociationEvent> valuesOf(List<KeyValue<String, AssociationEvent>> records, long objectId) {
        String key = PORTAL + ":contacts:" + objectId + ":companies";
        return records.stream().filter(r -> r.key.equals(key)).map(r -> r.value).toList();
    }
}
