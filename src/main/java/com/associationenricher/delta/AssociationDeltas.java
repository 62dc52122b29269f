package com.associationenricher.delta;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.ops.EnricherMetrics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Supplies the delta processor together with its store, so the topology adds both with one {@code process} call. The
 * lookup batcher shares the store: the topology hands both suppliers the one {@link #lastEmittedStore()} it made, as
 * Kafka Streams requires of a store two processors connect to.
 */
public final class AssociationDeltas implements ProcessorSupplier<String, AssociationEvent, String, AssociationEvent> {
    private final boolean emitUnchanged;
    private final EnricherMetrics metrics;
    private final StoreBuilder<KeyValueStore<String, LastEmitted>> store;

    /** @param store the {@code last-emitted} store, as {@link #lastEmittedStore()} made it for this topology */
    public AssociationDeltas(boolean emitUnchanged, EnricherMetrics metrics, StoreBuilder<KeyValueStore<String, LastEmitted>> store) {
        this.emitUnchanged = emitUnchanged;
        this.metrics = metrics;
        this.store = store;
    }

    /** The {@code last-emitted} store: persistent, changelogged, cached. Make one per topology. */
    public static StoreBuilder<KeyValueStore<String, LastEmitted>> lastEmittedStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AssociationDeltaProcessor.STORE),
                Serdes.String(), LastEmitted.serde()).withLoggingEnabled(Map.of()).withCachingEnabled();
    }

    @Override
    public Processor<String, AssociationEvent, String, AssociationEvent> get() {
        return new AssociationDeltaProcessor(emitUnchanged, metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store);
    }
}
