package com.associationenricher.delta;

import static com.associationenricher.hubspot.FoundAssociation.v3;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.FoundAssociation;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.testkit.EnricherTopologyDriver;
import com.associationenricher.testkit.TestSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Association events say what changed since the last event of their key; the whole topology on TopologyTestDriver. */
class AssociationDeltaTopologyTest {
    static final String APP = "delta-test";
    static final String KEY = "42:contacts:1:companies";
    static final BatchPolicy POLICY = new BatchPolicy(1, Duration.ofSeconds(1), 4, Duration.ofMillis(100), 3,
            Duration.ofHours(1), Duration.ofHours(1));

    final AnsweringReader hubspot = new AnsweringReader();
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    EnricherSerdes serdes;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, AssociationEvent> output;
    TestOutputTopic<String, AssociationDeadLetter> deadLetters;
    int eventSeq;

    void start(boolean emitUnchanged) {
        serdes = TestSerdes.enricherSerdes("delta-" + UUID.randomUUID());
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, POLICY,
                AssociationPairs.parse("contacts:companies"), emitUnchanged);
        driver = EnricherTopologyDriver.start(APP, settings, serdes, hubspot, metrics, Instant.ofEpochMilli(1_000_000));
        input = EnricherTopologyDriver.input(driver, "in");
        output = EnricherTopologyDriver.associationEvents(driver, "out", serdes);
        deadLetters = EnricherTopologyDriver.deadLetters(driver, "dlq", serdes);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theFirstEventOfAKeyListsEveryAssociationAsAdded() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));

        AssociationEvent event = lookUp("1");

        assertThat(ids(event.getAssociations())).containsExactly("9", "10");
        assertThat(event.getAdded()).isEqualTo(event.getAssociations());
        assertThat(event.getRemoved()).isEmpty();
    }

    @Test
    void anAddedAssociationIsTheOnlyOneInAdded() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        lookUp("1");
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));

        AssociationEvent event = lookUp("1");

        assertThat(ids(event.getAssociations())).containsExactly("9", "10");
        assertThat(ids(event.getAdded())).containsExactly("10");
        assertThat(event.getRemoved()).isEmpty();
    }

    @Test
    void aRemovedAssociationIsInRemovedAsTheLastEventCarriedIt() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));
        lookUp("1");
        hubspot.truth.put("1", List.of(v3("10", "contact_to_company")));

        AssociationEvent event = lookUp("1");

        assertThat(event.getAdded()).isEmpty();
        assertThat(event.getRemoved()).containsExactly(association(v3("9", "contact_to_company")));
    }

    @Test
    void anAnswerThatChangesNothingWritesNoEventAndIsCounted() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));
        lookUp("1");
        // Same set in another order: HubSpot promises no order.
        hubspot.truth.put("1", List.of(v3("10", "contact_to_company"), v3("9", "contact_to_company")));

        send(event("1", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(300));

        assertThat(hubspot.calls).isEqualTo(2);
        assertThat(output.isEmpty()).isTrue();
        assertThat(metrics.count("enricher.association.events.suppressed")).isEqualTo(1);
    }

    @Test
    void withEmitUnchangedAnUnchangedAnswerStillWritesAnEventThatAddsAndRemovesNothing() {
        start(true);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        lookUp("1");

        AssociationEvent event = lookUp("1");

        assertThat(ids(event.getAssociations())).containsExactly("9");
        assertThat(event.getAdded()).isEmpty();
        assertThat(event.getRemoved()).isEmpty();
        assertThat(event.getTriggeringEventIds()).containsExactly("e2");
        assertThat(metrics.count("enricher.association.events.suppressed")).isZero();
    }

    @Test
    void aTombstonePassesThroughAndTheNextEventOfTheKeyListsEverythingAsAdded() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        lookUp("1");

        send(event("1", ChangeType.DELETED));
        driver.advanceWallClockTime(Duration.ofMillis(300));
        List<TestRecord<String, AssociationEvent>> tombstone = output.readRecordsToList();
        assertThat(tombstone).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(KEY);
            assertThat(r.value()).isNull();
        });
        assertThat(lastEmitted().get(KEY).hasEmitted()).as("the deletion forgot the last event").isFalse();
        assertThat(lastEmitted().get(KEY).deleted()).as("and left its marker").isTrue();

        AssociationEvent recreated = lookUp("1", ChangeType.RESTORED);
        assertThat(ids(recreated.getAdded())).containsExactly("9");
        assertThat(recreated.getRemoved()).isEmpty();
    }

    @Test
    void aChangedAssociationTypeIsARemovalAndAnAddition() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        lookUp("1");
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company_unlabeled")));

        AssociationEvent event = lookUp("1");

        assertThat(event.getAdded()).containsExactly(association(v3("9", "contact_to_company_unlabeled")));
        assertThat(event.getRemoved()).containsExactly(association(v3("9", "contact_to_company")));
    }

    @Test
    void aChangedLabelOrTypeIdIsARemovalAndAnAddition() {
        start(false);
        FoundAssociation unlabelled = new FoundAssociation("9", null, 279, "HUBSPOT_DEFINED", null);
        FoundAssociation primary = new FoundAssociation("9", null, 279, "HUBSPOT_DEFINED", "Primary");
        FoundAssociation billing = new FoundAssociation("9", null, 7, "USER_DEFINED", "Billing");
        hubspot.truth.put("1", List.of(unlabelled));
        lookUp("1");

        hubspot.truth.put("1", List.of(primary));
        AssociationEvent relabelled = lookUp("1");
        assertThat(relabelled.getAdded()).containsExactly(association(primary));
        assertThat(relabelled.getRemoved()).containsExactly(association(unlabelled));

        hubspot.truth.put("1", List.of(billing));
        AssociationEvent retyped = lookUp("1");
        assertThat(retyped.getAdded()).containsExactly(association(billing));
        assertThat(retyped.getRemoved()).containsExactly(association(primary));
    }

    @Test
    void aChangedCompleteFlagIsAChangeWithNothingAddedOrRemoved() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        hubspot.truncated.add("1");
        lookUp("1");
        hubspot.truncated.clear();

        AssociationEvent event = lookUp("1");

        assertThat(event.getComplete()).isTrue();
        assertThat(event.getAdded()).isEmpty();
        assertThat(event.getRemoved()).isEmpty();
    }

    @Test
    void deadLettersPassUntouchedAndLeaveTheLastEmittedSetAsItWas() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company")));
        lookUp("1");
        hubspot.truth.remove("1");

        send(event("1", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(300));
        List<TestRecord<String, AssociationDeadLetter>> letters = deadLetters.readRecordsToList();
        assertThat(letters).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(KEY);
            assertThat(r.value().getReason()).isEqualTo(DeadLetterReason.OBJECT_ERROR);
            assertThat(r.value().getMessage()).isEqualTo("no such object 1");
            assertThat(r.value().getTriggeringEventIds()).containsExactly("e2");
            assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("OBJECT_ERROR");
        });
        assertThat(output.isEmpty()).isTrue();

        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));
        AssociationEvent event = lookUp("1");
        assertThat(ids(event.getAdded())).as("compared with the last association event, not the dead letter").containsExactly("10");
    }

    @Test
    void everyChangeOfTheLastEmittedStoreIsInItsChangelogCompactly() {
        start(false);
        hubspot.truth.put("1", List.of(v3("9", "contact_to_company"), v3("10", "contact_to_company")));
        lookUp("1");
        send(event("1", ChangeType.DELETED));
        driver.advanceWallClockTime(Duration.ofMillis(300));

        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(APP + "-" + AssociationDeltaProcessor.STORE + "-changelog",
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        List<TestRecord<String, byte[]>> records = changelog.readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsExactly(KEY, KEY);
        LastEmitted answered = LastEmittedSerde.readOrNull(records.get(0).value());
        assertThat(answered.emitted().associations()).extracting(EmittedAssociation::toObjectId).containsExactly("9", "10");
        assertThat(answered.hasChange()).as("the change, in the same entry and the same record").isTrue();
        assertThat(records.get(0).value()).as("bytes of a two-association entry and its change").hasSizeLessThan(50);
        LastEmitted deleted = LastEmittedSerde.readOrNull(records.get(1).value());
        assertThat(deleted.deleted()).as("a deletion leaves its marker").isTrue();
        assertThat(deleted.hasEmitted()).as("and forgets the event").isFalse();
        assertThat(records.get(1).value()).as("a marker's bytes").hasSize(10);
    }

    private AssociationEvent lookUp(String id) {
        return lookUp(id, ChangeType.UPDATED);
    }

    /** Sends one change of contact {@code id} and returns the one association event it produced. */
    private AssociationEvent lookUp(String id, ChangeType change) {
        send(event(id, change));
        driver.advanceWallClockTime(Duration.ofMillis(300));
        List<TestRecord<String, AssociationEvent>> records = output.readRecordsToList();
        assertThat(records).as("association events of one lookup").hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("42:contacts:" + id + ":companies");
        return records.get(0).value();
    }

    private org.apache.kafka.streams.state.KeyValueStore<String, LastEmitted> lastEmitted() {
        return driver.getKeyValueStore(AssociationDeltaProcessor.STORE);
    }

    private void send(CrmObjectChangeEvent event) {
        input.pipeInput(null, serdes.changeEvents().serializer().serialize("in", event));
    }

    private CrmObjectChangeEvent event(String id, ChangeType changeType) {
        eventSeq++;
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e" + eventSeq)
                .setPortalId(42)
                .setObjectType("contacts")
                .setObjectId(id)
                .setChangeType(changeType)
                .setOccurredAt(Instant.ofEpochMilli(999_000 + eventSeq))
                .build();
    }

    private static Association association(FoundAssociation found) {
        return Association.newBuilder().setToObjectId(found.toObjectId()).setAssociationType(found.associationType())
                .setTypeId(found.typeId()).setCategory(found.category()).setLabel(found.label()).build();
    }

    private static List<String> ids(List<Association> associations) {
        return associations.stream().map(Association::getToObjectId).toList();
    }
}
