package com.associationenricher.delta;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.ops.EnricherMetrics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Supplies the delta processor together with its store, so the topology adds both with one {@code process} call. */
public final class AssociationDeltas implements ProcessorSupplier<String, AssociationEvent, String, AssociationEvent> {
    private final boolean emitUnchanged;
    private final EnricherMetrics metrics;

    public AssociationDeltas(boolean emitUnchanged, EnricherMetrics metrics) {
        this.emitUnchanged = emitUnchanged;
        this.metrics = metrics;
    }

    @Override
    public Processor<String, AssociationEvent, String, AssociationEvent> get() {
        return new AssociationDeltaProcessor(emitUnchanged, metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AssociationDeltaProcessor.STORE),
                Serdes.String(), EmittedSetSerde.serde()).withLoggingEnabled(Map.of()).withCachingEnabled());
    }
}
