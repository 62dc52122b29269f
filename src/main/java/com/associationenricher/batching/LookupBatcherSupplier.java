package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.delta.LastEmitted;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link LookupBatcher} per task and declares the changelogged stores it works on, so the topology adds and
 * connects them without knowing their names or serdes: {@code pending-lookups}; {@code last-emitted}, which it shares
 * with the delta processor (the topology passes the one builder to both); and {@code last-changes}, which only builds
 * older than the merge of the two order stores wrote, kept so that its changelog is restored and moved into
 * {@code last-emitted} ({@link ChangeOrder}).
 */
public final class LookupBatcherSupplier implements ProcessorSupplier<String, CrmObjectChangeEvent, String, Emission> {
    private final BatchPolicy policy;
    private final AssociationPairs pairs;
    private final AssociationsReader reader;
    private final EnricherMetrics metrics;
    private final Serde<PendingLookup> pendingLookupSerde;
    private final StoreBuilder<KeyValueStore<String, LastEmitted>> lastEmitted;
    /** One per topology, so per instance: lets the instance's tasks share calls of one group. */
    private final CallCoalescer coalescer;
    private final InputActivity instanceInput;

    /**
     * @param pendingLookupSerde the serde of the pending-lookups store's values (Avro, schema registry)
     * @param lastEmitted        the {@code last-emitted} store the delta processor is given too
     * @param instanceInput      what the instance's intake reports taking (the same object the intake is given)
     */
    public LookupBatcherSupplier(BatchPolicy policy, AssociationPairs pairs, AssociationsReader reader, EnricherMetrics metrics,
                                 Serde<PendingLookup> pendingLookupSerde, StoreBuilder<KeyValueStore<String, LastEmitted>> lastEmitted,
                                 InputActivity instanceInput) {
        this.policy = policy;
        this.instanceInput = instanceInput;
        // Long enough for every stream thread's punctuator to run once: that is when a task answers an ask.
        this.coalescer = new CallCoalescer(policy.flushInterval().toMillis() * 2);
        this.pairs = pairs;
        this.reader = reader;
        this.metrics = metrics;
        this.pendingLookupSerde = pendingLookupSerde;
        this.lastEmitted = lastEmitted;
    }

    @Override
    public Processor<String, CrmObjectChangeEvent, String, Emission> get() {
        return new LookupBatcher(policy, pairs, reader, metrics, coalescer, instanceInput);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PendingLookups.STORE), Serdes.String(), pendingLookupSerde)
                        .withLoggingEnabled(Map.of()).withCachingEnabled(),
                lastEmitted,
                // Only read and emptied now: no cache.
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChangeOrder.LEGACY_STORE), Serdes.String(), LastChange.serde())
                        .withLoggingEnabled(Map.of()));
    }
}
