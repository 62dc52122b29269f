package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.testkit.TestSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher across a task's suspension and revival: Kafka Streams calls {@code close()} and later {@code init()} on
 * the same processor instance, so nothing of the first life may leak into the second.
 */
class LookupBatcherLifecycleTest {
    static final BatchPolicy POLICY = new BatchPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMillis(100), 3, Duration.ofHours(1), Duration.ofHours(1));
    static final AssociationPairs PAIRS = AssociationPairs.parse("deals:contacts");

    final ScriptedReader reader = new ScriptedReader();
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    final MockProcessorContext<String, Emission> context = new MockProcessorContext<>();
    KeyValueStore<String, PendingLookup> store;
    LookupBatcher batcher;
    long now = 1_000_000;

    @BeforeEach
    void start() {
        EnricherSerdes serdes = TestSerdes.enricherSerdes("lifecycle-" + UUID.randomUUID());
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LookupBatcher.STORE), Serdes.String(), serdes.pendingLookups())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, LastChange> order = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LookupBatcher.ORDER_STORE), Serdes.String(), LookupBatcher.lastChangeSerde())
                .withLoggingDisabled().build();
        order.init(context.getStateStoreContext(), order);
        context.addStateStore(order);
        context.setCurrentSystemTimeMs(now);
        batcher = new LookupBatcher(POLICY, PAIRS, reader, metrics);
    }

    @Test
    void idsPendingBeforeSuspensionAreSentAndSettledAfterRevival() {
        batcher.init(context);
        batcher.process(change("7", "e1"));
        batcher.process(change("8", "e2"));
        advance(Duration.ofSeconds(1));
        assertThat(reader.calls).singleElement().satisfies(call -> assertThat(call.request().objectIds()).containsExactly("7", "8"));

        batcher.close();
        batcher.init(context);
        reader.calls.get(0).answerFound();
        advance(Duration.ofMillis(100));
        assertThat(associationEvents()).as("an answer of the first life is not applied in the second").isEmpty();
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        advance(Duration.ofSeconds(1));
        assertThat(reader.calls).hasSize(2);
        assertThat(reader.last().request().objectIds()).containsExactlyInAnyOrder("7", "8");
        reader.last().answerFound();
        advance(Duration.ofMillis(100));

        assertThat(associationEvents()).extracting(e -> e.getFromObjectId()).containsExactlyInAnyOrder("7", "8");
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(metrics.pendingIds()).isZero();
        assertThat(metrics.registry().get("enricher.batches.in.flight").gauge().value()).isZero();
    }

    @Test
    void aRevivedTaskUsesAllItsInFlightSlotsAgain() {
        batcher.init(context);
        for (int i = 1; i <= 6; i++) {
            batcher.process(change(String.valueOf(i), "e" + i));
        }
        assertThat(reader.calls).hasSize(2);

        batcher.close();
        batcher.init(context);
        advance(Duration.ofSeconds(1));

        assertThat(reader.calls).as("both slots are free after revival").hasSize(4);
    }

    private void advance(Duration step) {
        now += step.toMillis();
        context.setCurrentSystemTimeMs(now);
        for (MockProcessorContext.CapturedPunctuator punctuator : new ArrayList<>(context.scheduledPunctuators())) {
            if (!punctuator.cancelled() && punctuator.getInterval().equals(POLICY.flushInterval())) {
                punctuator.getPunctuator().punctuate(now);
            }
        }
    }

    private List<AssociationEvent> associationEvents() {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(v -> v instanceof Emission.AssociationUpdate)
                .map(v -> ((Emission.AssociationUpdate) v).event())
                .toList();
    }

    private Record<String, CrmObjectChangeEvent> change(String id, String eventId) {
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder()
                .setEventId(eventId)
                .setPortalId(42)
                .setObjectType("deals")
                .setObjectId(id)
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(now - 1000))
                .build();
        return new Record<>(id, event, now);
    }
}
