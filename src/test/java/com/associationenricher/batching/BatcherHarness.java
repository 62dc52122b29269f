package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.delta.AssociationDeltaProcessor;
import com.associationenricher.delta.LastEmitted;
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

/**
 * One {@link LookupBatcher} instance driven directly, over in-memory stores and a mock context, for what
 * TopologyTestDriver cannot do: call {@code close()} and {@code init()} on the same instance, or look inside it.
 * The wall clock only moves when {@link #advance} says so, and then runs the flush punctuation once.
 */
final class BatcherHarness {
    static final BatchPolicy POLICY = new BatchPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMillis(100), 3, Duration.ofHours(1), Duration.ofHours(1));
    static final AssociationPairs PAIRS = AssociationPairs.parse("deals:contacts");

    final ScriptedReader reader;
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    final MockProcessorContext<String, Emission> context = new MockProcessorContext<>();
    final KeyValueStore<String, PendingLookup> store;
    final LookupBatcher batcher;
    long now = 1_000_000;

    BatcherHarness() {
        this(new ScriptedReader(), null);
    }

    /** A task of an instance whose tasks share {@code reader} and {@code coalescer}. */
    BatcherHarness(ScriptedReader reader, CallCoalescer coalescer) {
        this(reader, coalescer, null);
    }

    /** The same, with the instance's intake activity (null: part-full groups never go at a backlog's end). */
    BatcherHarness(ScriptedReader reader, CallCoalescer coalescer, InputActivity intake) {
        this.reader = reader;
        EnricherSerdes serdes = TestSerdes.enricherSerdes("harness-" + UUID.randomUUID());
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PendingLookups.STORE), Serdes.String(), serdes.pendingLookups())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, LastEmitted> order = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AssociationDeltaProcessor.STORE), Serdes.String(), LastEmitted.serde())
                .withLoggingDisabled().build();
        order.init(context.getStateStoreContext(), order);
        context.addStateStore(order);
        KeyValueStore<String, LastChange> legacy = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ChangeOrder.LEGACY_STORE), Serdes.String(), LastChange.serde())
                .withLoggingDisabled().build();
        legacy.init(context.getStateStoreContext(), legacy);
        context.addStateStore(legacy);
        context.setCurrentSystemTimeMs(now);
        batcher = new LookupBatcher(POLICY, PAIRS, reader, metrics, coalescer, intake);
    }

    void advance(Duration step) {
        now += step.toMillis();
        context.setCurrentSystemTimeMs(now);
        for (MockProcessorContext.CapturedPunctuator punctuator : new ArrayList<>(context.scheduledPunctuators())) {
            if (!punctuator.cancelled() && punctuator.getInterval().equals(POLICY.flushInterval())) {
                punctuator.getPunctuator().punctuate(now);
            }
        }
    }

    List<AssociationEvent> associationEvents() {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(v -> v instanceof Emission.AssociationUpdate)
                .map(v -> ((Emission.AssociationUpdate) v).event())
                .toList();
    }

    void change(String id, String eventId) {
        change(42, id, eventId);
    }

    void change(long portal, String id, String eventId) {
        changeWrittenAt(portal, id, eventId, now);
    }

    /** A change taken now from a record a producer wrote at {@code writtenAt}. */
    void changeWrittenAt(long portal, String id, String eventId, long writtenAt) {
        CrmObjectChangeEvent event = CrmObjectChangeEvent.newBuilder()
                .setEventId(eventId)
                .setPortalId(portal)
                .setObjectType("deals")
                .setObjectId(id)
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(now - 1000))
                .build();
        batcher.process(new Record<>(id, event, writtenAt));
    }
}
