package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.delta.AssociationDeltaProcessor;
import com.associationenricher.delta.LastEmitted;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherTopology;
import com.associationenricher.testkit.EnricherTopologyDriver;
import com.associationenricher.testkit.TestSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's behaviour on the stream thread, driven by TopologyTestDriver with a scripted HubSpot reader. */
class LookupBatcherTopologyTest {
    static final long PORTAL = 42;
    static final BatchPolicy POLICY = new BatchPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMillis(100), 3, Duration.ofHours(1), Duration.ofHours(1));
    static final Instant START = Instant.ofEpochMilli(1_000_000);
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,contacts:deals,companies:contacts,deals:contacts");

    final ScriptedReader reader = new ScriptedReader();
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    EnricherSerdes serdes;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, AssociationEvent> output;
    TestOutputTopic<String, AssociationDeadLetter> deadLetters;
    int eventSeq;

    @BeforeEach
    void start() {
        serdes = TestSerdes.enricherSerdes("batcher-" + UUID.randomUUID());
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, POLICY, PAIRS, true);
        driver = EnricherTopologyDriver.start("batcher-test", settings, serdes, reader, metrics, Instant.ofEpochMilli(1_000_000));
        input = EnricherTopologyDriver.input(driver, "in");
        output = EnricherTopologyDriver.associationEvents(driver, "out", serdes);
        deadLetters = EnricherTopologyDriver.deadLetters(driver, "dlq", serdes);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aGroupIsFlushedAsSoonAsItHoldsMaxIds() {
        send(event("contacts", "1", ChangeType.UPDATED), event("contacts", "2", ChangeType.UPDATED));
        assertThat(reader.calls).isEmpty();

        send(event("deals", "7", ChangeType.UPDATED), event("contacts", "3", ChangeType.CREATED));

        assertThat(reader.calls).hasSize(2);
        assertThat(reader.calls).extracting(c -> c.request().toObjectType()).containsExactly("companies", "deals");
        assertThat(reader.calls.get(0).request().objectIds()).containsExactly("1", "2", "3");
        assertThat(reader.calls.get(0).request().portalId()).isEqualTo(PORTAL);
        assertThat(metrics.count("enricher.batches")).isEqualTo(2);
    }

    @Test
    void aGroupIsFlushedWhenItsOldestIdHasWaitedMaxWait() {
        send(event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(900));
        assertThat(reader.calls).isEmpty();

        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement().satisfies(call -> {
            assertThat(call.request().fromObjectType()).isEqualTo("deals");
            assertThat(call.request().toObjectType()).isEqualTo("contacts");
            assertThat(call.request().objectIds()).containsExactly("7");
        });
    }

    @Test
    void aBacklogsPartFullGroupGoesAfterTwoQuietPunctuations() {
        sendWrittenAt(START.minusSeconds(5), event("deals", "7", ChangeType.UPDATED), event("deals", "8", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(reader.calls).as("one quiet punctuation is not the end yet").isEmpty();

        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(reader.calls).singleElement()
                .satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7", "8"));
        assertThat(metrics.registry().find("enricher.batches").tag("reason", "backlog_end").counter().count()).isEqualTo(1);
    }

    @Test
    void liveRecordsKeepTheFullWait() {
        sendWrittenAt(START, event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(900));
        assertThat(reader.calls).isEmpty();

        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(reader.calls).singleElement();
        assertThat(metrics.registry().find("enricher.batches").tag("reason", "time").counter().count()).isEqualTo(1);
    }

    @Test
    void aLiveRecordAfterABacklogEndsItsEarlyFlushes() {
        sendWrittenAt(START.minusSeconds(5), event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(reader.calls).hasSize(1);

        sendWrittenAt(START.plusMillis(200), event("deals", "8", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(900));
        assertThat(reader.calls).as("the live id waits for its batch to fill").hasSize(1);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(reader.calls).hasSize(2);
    }

    @Test
    void switchedOffABacklogsPartFullGroupWaitsMaxWait() {
        driver.close();
        var settings = new EnricherTopology.Settings("in", "out", "dlq", false, new BatchPolicy(3, Duration.ofSeconds(1), 2,
                Duration.ofMillis(100), 3, Duration.ofHours(1), Duration.ofHours(1), false), PAIRS, true);
        driver = EnricherTopologyDriver.start("batcher-test", settings, serdes, reader, metrics, START);
        input = EnricherTopologyDriver.input(driver, "in");

        sendWrittenAt(START.minusSeconds(5), event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofMillis(900));
        assertThat(reader.calls).isEmpty();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(reader.calls).singleElement();
    }

    @Test
    void repeatedChangesOfOneObjectCollapseIntoOneLookup() {
        for (int i = 0; i < 50; i++) {
            send(event("deals", "7", ChangeType.UPDATED));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7"));

        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<String, AssociationEvent>> records = output.readRecordsToList();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("42:deals:7:contacts");
            assertThat(record.value().getAssociations()).extracting(a -> a.getToObjectId()).containsExactly("1007");
            assertThat(record.value().getTriggeringEventIds()).hasSize(PendingLookups.MAX_EVENT_IDS).endsWith("e50");
        });
    }

    @Test
    void anIdChangedDuringAnInFlightBatchIsFetchedAgain() {
        send(event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(1);

        send(event("deals", "7", ChangeType.UPDATED));
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(output.readValuesToList()).hasSize(1);

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(2);
        assertThat(reader.last().request().objectIds()).containsExactly("7");
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(output.readValuesToList()).singleElement()
                .satisfies(value -> assertThat(value.getTriggeringEventIds()).containsExactly("e2"));
        assertThat(store()).isEmpty();
    }

    @Test
    void anAssociationChangeLooksUpBothEnds() {
        CrmObjectChangeEvent change = event("contacts", "1", ChangeType.ASSOCIATION_CHANGED);
        change.setToObjectType("companies");
        change.setToObjectId("5");
        send(change);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(reader.calls).extracting(c -> c.request().fromObjectType() + "->" + c.request().toObjectType() + c.request().objectIds())
                .containsExactlyInAnyOrder("contacts->companies[1]", "companies->contacts[5]");
    }

    @Test
    void aDeletionEmitsTombstonesForEveryPairWithoutCallingHubSpot() {
        send(event("contacts", "1", ChangeType.DELETED));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(reader.calls).isEmpty();
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("42:contacts:1:companies", "42:contacts:1:deals")
                .allSatisfy((key, value) -> assertThat(value).isNull());
    }

    @Test
    void aMergeTombstonesTheMergedAwayIdsAndLooksUpTheSurvivor() {
        CrmObjectChangeEvent merge = event("deals", "10", ChangeType.MERGED);
        merge.setMergedObjectIds(List.of("11", "12", "10"));
        send(merge);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("10"));
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("42:deals:11:contacts", "42:deals:12:contacts");
    }

    @Test
    void anAnswerInFlightForADeletedIdDoesNotOverwriteItsTombstone() {
        send(event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        send(event("deals", "7", ChangeType.DELETED));

        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        List<TestRecord<String, AssociationEvent>> records = output.readRecordsToList();
        assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isNull());
        assertThat(reader.calls).hasSize(1);
        assertThat(store()).isEmpty();
    }

    @Test
    void anIdDeletedInFlightAndChangedAgainIsLookedUpAnewAndItsNewTimeRemembered() {
        CrmObjectChangeEvent first = event("deals", "7", ChangeType.UPDATED);
        CrmObjectChangeEvent deletion = event("deals", "7", ChangeType.DELETED);
        CrmObjectChangeEvent again = event("deals", "7", ChangeType.RESTORED);
        send(first);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        send(deletion, again);

        // The first call's answer belongs to the entry the deletion erased: discarded, and the new entry is sent.
        reader.calls.get(0).answerFound();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(2);
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<AssociationEvent> values = output.readValuesToList();
        assertThat(values).hasSize(2);
        assertThat(values.get(0)).as("the deletion").isNull();
        assertThat(values.get(1)).as("the change after it").isNotNull();
        assertThat(metrics.count("enricher.answers.discarded")).isEqualTo(1);
        assertThat(ChangeOrderTest.changeOf(driver.<String, LastEmitted>getKeyValueStore(AssociationDeltaProcessor.STORE).get("42:deals:7:contacts")))
                .isEqualTo(new LastChange(again.getOccurredAt().toEpochMilli(), false));
        assertThat(store()).isEmpty();
    }

    @Test
    void aChangeOlderThanADeletionThatArrivesLateDoesNotUndoTheDeletion() {
        CrmObjectChangeEvent update = event("deals", "7", ChangeType.UPDATED);
        CrmObjectChangeEvent deletion = event("deals", "7", ChangeType.DELETED);
        send(deletion, update);
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(reader.calls).isEmpty();
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("42:deals:7:contacts").containsEntry("42:deals:7:contacts", null);
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);
    }

    @Test
    void aChangeAtTheSameInstantAsADeletionDoesNotUndoIt() {
        CrmObjectChangeEvent deletion = event("contacts", "1", ChangeType.DELETED);
        CrmObjectChangeEvent removal = event("contacts", "1", ChangeType.ASSOCIATION_CHANGED);
        removal.setToObjectType("companies");
        removal.setToObjectId("5");
        removal.setOccurredAt(deletion.getOccurredAt());
        send(deletion, removal);
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(reader.calls).extracting(c -> c.request().fromObjectType() + "->" + c.request().toObjectType() + c.request().objectIds())
                .containsExactly("companies->contacts[5]");
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("42:contacts:1:companies", "42:contacts:1:deals")
                .allSatisfy((key, value) -> assertThat(value).isNull());
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);
    }

    @Test
    void aDeletionOlderThanALookupThatArrivesLateIsIgnored() {
        CrmObjectChangeEvent deletion = event("deals", "7", ChangeType.DELETED);
        CrmObjectChangeEvent restore = event("deals", "7", ChangeType.RESTORED);
        send(restore, deletion);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(output.readValuesToList()).singleElement().isNotNull();
    }

    @Test
    void anOlderChangeAnsweredAfterANewerOneLeavesTheNewerTimeToOrderALateDeletion() {
        CrmObjectChangeEvent older = event("deals", "7", ChangeType.UPDATED);
        CrmObjectChangeEvent deletion = event("deals", "7", ChangeType.DELETED);
        CrmObjectChangeEvent newer = event("deals", "7", ChangeType.UPDATED);
        // The newer change is looked up and answered first: last-changes held nothing, so it is remembered unread.
        lookUpAndAnswer(newer);
        // Then the older one: admitted (a lookup reads the current state), but its time must not replace the newer one.
        lookUpAndAnswer(older);

        send(deletion);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(reader.calls).hasSize(2);
        assertThat(output.readValuesToList()).as("a deletion between the two changes is older than the newest").hasSize(2)
                .doesNotContainNull();
        assertThat(metrics.count("enricher.changes.stale")).isEqualTo(1);
    }

    @Test
    void aPermanentFailureBecomesOneDeadLetterPerIdWithFilterableHeaders() {
        send(event("deals", "7", ChangeType.UPDATED), event("deals", "8", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        FailureDetail scopes = new FailureDetail(DeadLetterReason.MISSING_SCOPES, 403, "MISSING_SCOPES", null,
                "This app hasn't been granted all required scopes", Map.of(), List.of("crm.objects.deals.read"));
        reader.last().answer(id -> new IdOutcome.Failed(scopes));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<String, AssociationDeadLetter>> records = deadLetters.readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsExactly("42:deals:7:contacts", "42:deals:8:contacts");
        assertThat(records.get(0).value().getMissingScopes()).containsExactly("crm.objects.deals.read");
        assertThat(records.get(0).value().getAttempts()).isEqualTo(1);
        assertThat(DeadLetterHeaders.read(records.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("MISSING_SCOPES");
        assertThat(DeadLetterHeaders.read(records.get(0).headers(), DeadLetterHeaders.PORTAL)).isEqualTo("42");
        assertThat(output.isEmpty()).isTrue();
        assertThat(store()).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndDeadLetteredOnlyWhenAttemptsRunOut() {
        send(event("deals", "7", ChangeType.UPDATED));
        FailureDetail unavailable = FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, 503, "HTTP 503");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        reader.last().answer(id -> new IdOutcome.Transient(unavailable));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(deadLetters.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(2);
        reader.last().answer(id -> new IdOutcome.Transient(unavailable));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(deadLetters.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(reader.calls).hasSize(3);
        reader.last().answer(id -> new IdOutcome.Transient(unavailable));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(dl -> {
            assertThat(dl.getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(dl.getHttpStatus()).isEqualTo(503);
            assertThat(dl.getAttempts()).isEqualTo(3);
        });
        assertThat(store()).isEmpty();
    }

    @Test
    void aDeferredPortalIsNotCalledUntilItsWindowReopens() {
        send(event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        Instant reopen = Instant.ofEpochMilli(1_000_000 + 60_000);
        reader.last().answer(id -> new IdOutcome.Deferred(reopen, FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, 429, "DAILY")));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        send(event("deals", "8", ChangeType.UPDATED));

        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(reader.calls).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(reader.calls).hasSize(2);
        assertThat(reader.last().request().objectIds()).containsExactlyInAnyOrder("7", "8");
    }

    @Test
    void deferralsThatOnlyWaitForAPermitDoNotRewriteTheChangeloggedStore() {
        send(event("deals", "7", ChangeType.UPDATED), event("deals", "8", ChangeType.UPDATED));
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
                "batcher-test-" + PendingLookups.STORE + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
        assertThat(changelog.readKeyValuesToList()).as("one record per id when it is queued").hasSize(2);

        // A half-open circuit (no delay left) and a pacing backlog (a few seconds), for 30 s in all.
        Instant clock = Instant.ofEpochMilli(1_000_000);
        for (int tick = 0; tick < 300; tick++) {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            clock = clock.plusMillis(100);
            Instant until = tick < 150 ? clock : clock.plusSeconds(3);
            reader.calls.stream().filter(c -> !c.answer().isDone())
                    .forEach(c -> c.answer(id -> new IdOutcome.Deferred(until, FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, null, "circuit half-open"))));
        }
        assertThat(reader.calls.size()).as("the ids are asked for again and again").isGreaterThan(100);
        assertThat(changelog.readKeyValuesToList().size()).as("changelog records while deferred for 30 s").isZero();

        driver.advanceWallClockTime(Duration.ofSeconds(3));
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(output.readKeyValuesToMap()).containsOnlyKeys("42:deals:7:contacts", "42:deals:8:contacts");
        assertThat(store()).isEmpty();
    }

    @Test
    void aLongDeferralIsKeptInTheStoreOnceSoARestartWaitsForIt() {
        send(event("deals", "7", ChangeType.UPDATED));
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
                "batcher-test-" + PendingLookups.STORE + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
        changelog.readKeyValuesToList();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        Instant midnight = Instant.ofEpochMilli(1_000_000 + 3_600_000);
        reader.last().answer(id -> new IdOutcome.Deferred(midnight, FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, 429, "DAILY")));
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        assertThat(changelog.readKeyValuesToList()).singleElement()
                .satisfies(kv -> assertThat(serdes.pendingLookups().deserializer().deserialize("t", kv.value).getNotBefore())
                        .isEqualTo(midnight.toEpochMilli()));
        assertThat(reader.calls).hasSize(1);
    }

    @Test
    void atMostMaxInFlightBatchesPerTaskAndTheRestWaitsInTheStore() {
        for (int i = 1; i <= 9; i++) {
            send(event("deals", String.valueOf(i), ChangeType.UPDATED));
        }
        assertThat(reader.calls).hasSize(2);

        reader.calls.get(0).answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(reader.calls).hasSize(3);
        assertThat(output.readValuesToList()).hasSize(3);
    }

    @Test
    void undecodableAndInvalidInputBecomeDeadLettersWithTheirBytesAndTheStreamGoesOn() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        input.pipeInput("k".getBytes(StandardCharsets.UTF_8), garbage);
        send(event("contacts", "abc", ChangeType.UPDATED));
        send(event("planets", "1", ChangeType.UPDATED));
        input.pipeInput(null, (byte[]) null);
        send(event("deals", "7", ChangeType.UPDATED));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<AssociationDeadLetter> rejected = deadLetters.readValuesToList();
        assertThat(rejected).extracting(AssociationDeadLetter::getReason).containsExactly(
                DeadLetterReason.UNDECODABLE_EVENT, DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT);
        assertThat(rejected.get(0).getRawValue().array()).isEqualTo(garbage);
        assertThat(rejected.get(0).getSourceTopic()).isEqualTo("in");
        assertThat(rejected.get(0).getSourceOffset()).isEqualTo(0L);
        assertThat(rejected.get(1).getMessage()).contains("objectId").contains("abc");
        assertThat(rejected.get(2).getMessage()).contains("planets");
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7"));
    }

    private List<String> store() {
        List<String> keys = new java.util.ArrayList<>();
        try (var all = driver.<String, Object>getKeyValueStore(PendingLookups.STORE).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** The change is sent once max-wait has passed, answered found, and the answer applied. */
    private void lookUpAndAnswer(CrmObjectChangeEvent change) {
        send(change);
        driver.advanceWallClockTime(POLICY.maxWait());
        reader.last().answerFound();
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    /** The events as records a producer wrote at {@code writtenAt} (the driver's clock starts at {@link #START}). */
    private void sendWrittenAt(Instant writtenAt, CrmObjectChangeEvent... events) {
        for (CrmObjectChangeEvent event : events) {
            input.pipeInput(null, serdes.changeEvents().serializer().serialize("in", event), writtenAt);
        }
    }

    private void send(CrmObjectChangeEvent... events) {
        for (CrmObjectChangeEvent event : events) {
            input.pipeInput(null, serdes.changeEvents().serializer().serialize("in", event));
        }
    }

    private CrmObjectChangeEvent event(String type, String id, ChangeType changeType) {
        eventSeq++;
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e" + eventSeq)
                .setPortalId(PORTAL)
                .setObjectType(type)
                .setObjectId(id)
                .setChangeType(changeType)
                .setOccurredAt(Instant.ofEpochMilli(999_000 + eventSeq))
                .build();
    }
}
