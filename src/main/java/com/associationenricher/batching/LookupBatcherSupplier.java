package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.ops.EnricherMetrics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link LookupBatcher} per task and declares the two changelogged stores it works on, so the topology adds
 * and connects them without knowing their names or serdes.
 */
public final class LookupBatcherSupplier implements ProcessorSupplier<String, CrmObjectChangeEvent, String, Emission> {
    private final BatchPolicy policy;
    private final AssociationPairs pairs;
    private final AssociationsReader reader;
    private final EnricherMetrics metrics;
    private final Serde<PendingLookup> pendingLookupSerde;
    /** One per topology, so per instance: lets the instance's tasks share calls of one group. */
    private final CallCoalescer coalescer;

    /** @param pendingLookupSerde the serde of the pending-lookups store's values (Avro, schema registry) */
    public LookupBatcherSupplier(BatchPolicy policy, AssociationPairs pairs, AssociationsReader reader, EnricherMetrics metrics,
                                 Serde<PendingLookup> pendingLookupSerde) {
        this.policy = policy;
        // Long enough for every stream thread's punctuator to run once: that is when a task answers an ask.
        this.coalescer = new CallCoalescer(policy.flushInterval().toMillis() * 2);
        this.pairs = pairs;
        this.reader = reader;
        this.metrics = metrics;
        this.pendingLookupSerde = pendingLookupSerde;
    }

    @Override
    public Processor<String, CrmObjectChangeEvent, String, Emission> get() {
        return new LookupBatcher(policy, pairs, reader, metrics, coalescer);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PendingLookups.STORE), Serdes.String(), pendingLookupSerde)
                        .withLoggingEnabled(Map.of()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChangeOrder.STORE), Serdes.String(), LastChange.serde())
                        .withLoggingEnabled(Map.of()).withCachingEnabled());
    }
}
