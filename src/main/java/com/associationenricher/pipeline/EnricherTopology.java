package com.associationenricher.pipeline;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.batching.Emission;
import com.associationenricher.batching.InputActivity;
import com.associationenricher.batching.LookupBatcherSupplier;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.delta.AssociationDeltas;
import com.associationenricher.delta.LastEmitted;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.ops.EnricherMetrics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The enricher's topology, top to bottom as the data flows:
 * input records -> intake (decode, validate, split per object) -> repartition by object -> lookup batcher (store,
 * batch/read) -> association deltas (added/removed since the key's last event, unchanged answers dropped unless
 * {@code emitUnchanged}) -> association events to the output topic; dead letters go straight to the dead-letter topic.
 */
public final class EnricherTopology {
    public static final String REPARTITION = "by-object";

    /**
     * Everything the topology needs; {@code keyedByObject} skips the repartition when producers already key by object,
     * {@code emitUnchanged} writes an event for every lookup even when nothing changed.
     */
    public record Settings(
            String inputTopic, String outputTopic, String deadLetterTopic, boolean keyedByObject,
            BatchPolicy batchPolicy, AssociationPairs pairs, int maxAssociationsPerEvent, long maxRecordBytes,
            boolean emitUnchanged, InputPartitioning inputPartitioning) {

        public Settings(String inputTopic, String outputTopic, String deadLetterTopic, boolean keyedByObject,
                        BatchPolicy batchPolicy, AssociationPairs pairs, int maxAssociationsPerEvent, long maxRecordBytes,
                        boolean emitUnchanged) {
            this(inputTopic, outputTopic, deadLetterTopic, keyedByObject, batchPolicy, pairs, maxAssociationsPerEvent,
                    maxRecordBytes, emitUnchanged, InputPartitioning.TRUSTED);
        }

        /** Kafka's default record limits, the documented cap, and output.emit-unchanged at its default (false). */
        public Settings(String inputTopic, String outputTopic, String deadLetterTopic, boolean keyedByObject,
                        BatchPolicy batchPolicy, AssociationPairs pairs) {
            this(inputTopic, outputTopic, deadLetterTopic, keyedByObject, batchPolicy, pairs, 5_000, OutputLimits.DEFAULT_MAX_RECORD_BYTES, false);
        }

        /** Kafka's default record limits and the documented cap. */
        public Settings(String inputTopic, String outputTopic, String deadLetterTopic, boolean keyedByObject,
                        BatchPolicy batchPolicy, AssociationPairs pairs, boolean emitUnchanged) {
            this(inputTopic, outputTopic, deadLetterTopic, keyedByObject, batchPolicy, pairs, 5_000, OutputLimits.DEFAULT_MAX_RECORD_BYTES, emitUnchanged);
        }
    }

    private EnricherTopology() {
    }

    /**
     * Every change reaches the task that owns its object. With {@code keyedByObject} a change about the input record's
     * own key is already there and skips the repartition; a change the intake derived about another object (the other
     * end of an association change, a merged-away id) never is, so it always takes the repartition.
     */
    private static KStream<String, CrmObjectChangeEvent> byObject(KStream<String, IntakeResult> changes, Settings settings,
                                                                  EnricherSerdes serdes) {
        Repartitioned<String, IntakeResult.Change> repartition = Repartitioned
                .with(Serdes.String(), RepartitionedChanges.serde(serdes.changeEvents())).withName(REPARTITION);
        if (!settings.keyedByObject()) {
            return changes.mapValues(result -> (IntakeResult.Change) result, Named.as("change"))
                    .repartition(repartition)
                    .mapValues(IntakeResult.Change::event, Named.as("change-by-object"));
        }
        Map<String, KStream<String, IntakeResult>> split = changes
                .split(Named.as("keyed-"))
                .branch((key, result) -> ((IntakeResult.Change) result).onRecordKey(), Branched.as("own"))
                .defaultBranch(Branched.as("other"));
        KStream<String, CrmObjectChangeEvent> own = split.get("keyed-own")
                .mapValues(result -> ((IntakeResult.Change) result).event(), Named.as("change"));
        KStream<String, CrmObjectChangeEvent> other = split.get("keyed-other")
                .mapValues(result -> (IntakeResult.Change) result, Named.as("other-object-change"))
                .repartition(repartition)
                .mapValues(IntakeResult.Change::event, Named.as("other-change-by-object"));
        return own.merge(other, Named.as("changes-by-object"));
    }

    public static Topology build(Settings settings, EnricherSerdes serdes, InputDecoder decoder,
                                 AssociationsReader reader, EnricherMetrics metrics) {
        return build(settings, serdes, decoder, reader, metrics, new InputActivity());
    }

    /**
     * @param intakeActivity one per instance: the intake tells it of every record it takes, the batcher's tasks ask it
     *                       whether the instance's input still has records coming (and the service whether its
     *                       consumers lag)
     */
    public static Topology build(Settings settings, EnricherSerdes serdes, InputDecoder decoder,
                                 AssociationsReader reader, EnricherMetrics metrics, InputActivity intakeActivity) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RecordsAwaitingSchema.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of()));

        KStream<byte[], byte[]> input = builder.stream(settings.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("change-events"));
        Map<String, KStream<String, IntakeResult>> intake = input
                .process(() -> new ChangeEventIntake(decoder, metrics, settings.inputTopic(), settings.inputPartitioning(), intakeActivity), Named.as("intake"),
                        RecordsAwaitingSchema.STORE)
                .split(Named.as("intake-"))
                .branch((key, result) -> result instanceof IntakeResult.Change, Branched.as("changes"))
                .defaultBranch(Branched.as("rejected"));

        intake.get("intake-rejected")
                .mapValues(result -> ((IntakeResult.Rejected) result).deadLetter(), Named.as("rejected-input"))
                .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), serdes.deadLetters()).withName("rejected-input-sink"));

        KStream<String, CrmObjectChangeEvent> changes = byObject(intake.get("intake-changes"), settings, serdes);
        // One builder for both processors that share the store: the batcher keeps each key's newest change in it, the
        // delta processor its last event.
        StoreBuilder<KeyValueStore<String, LastEmitted>> lastEmitted = AssociationDeltas.lastEmittedStore();

        Map<String, KStream<String, Emission>> emissions = changes
                .process(new LookupBatcherSupplier(settings.batchPolicy(), settings.pairs(), reader, metrics, serdes.pendingLookups(), lastEmitted, intakeActivity),
                        Named.as("lookup-batcher"))
                .processValues(() -> new OutputGuard(settings.maxAssociationsPerEvent(), settings.maxRecordBytes(),
                        settings.outputTopic(), serdes.associationEvents().serializer(), metrics), Named.as("output-guard"))
                .split(Named.as("emit-"))
                .branch((key, emission) -> emission instanceof Emission.AssociationUpdate, Branched.as("associations"))
                .defaultBranch(Branched.as("dead-letters"));

        emissions.get("emit-associations")
                .mapValues(emission -> ((Emission.AssociationUpdate) emission).event(), Named.as("association-event"))
                .process(new AssociationDeltas(settings.emitUnchanged(), metrics, lastEmitted), Named.as("association-delta"))
                .to(settings.outputTopic(), Produced.with(Serdes.String(), serdes.associationEvents()).withName("associations-sink"));
        emissions.get("emit-dead-letters")
                .mapValues(emission -> ((Emission.DeadLetter) emission).deadLetter(), Named.as("dead-letter"))
                .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), serdes.deadLetters()).withName("dead-letters-sink"));
        return builder.build();
    }
}
