package com.associationenricher.pipeline;

import com.associationenricher.batching.BatchPolicy;
import com.associationenricher.batching.Emission;
import com.associationenricher.batching.LookupBatcherSupplier;
import com.associationenricher.config.AssociationPairs;
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

/**
 * The enricher's topology, top to bottom as the data flows:
 * input records -> intake (decode, validate, split per object) -> repartition by object -> lookup batcher (store,
 * batch/read) -> association events to the output topic, dead letters to the dead-letter topic.
 */
public final class EnricherTopology {
    public static final String REPARTITION = "by-object";

    /** Everything the topology needs; {@code keyedByObject} skips the repartition when producers already key by object. */
    public record Settings(
            String inputTopic, String outputTopic, String deadLetterTopic, boolean keyedByObject,
            BatchPolicy batchPolicy, AssociationPairs pairs) {
    }

    private EnricherTopology() {
    }

    public static Topology build(Settings settings, EnricherSerdes serdes, InputDecoder decoder,
                                 AssociationsReader reader, EnricherMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> input = builder.stream(settings.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("change-events"));
        Map<String, KStream<String, IntakeResult>> intake = input
                .process(() -> new ChangeEventIntake(decoder, metrics), Named.as("intake"))
                .split(Named.as("intake-"))
                .branch((key, result) -> result instanceof IntakeResult.Change, Branched.as("changes"))
                .defaultBranch(Branched.as("rejected"));

        intake.get("intake-rejected")
                .mapValues(result -> ((IntakeResult.Rejected) result).deadLetter(), Named.as("rejected-input"))
                .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), serdes.deadLetters()).withName("rejected-input-sink"));

        KStream<String, CrmObjectChangeEvent> changes = intake.get("intake-changes")
                .mapValues(result -> ((IntakeResult.Change) result).event(), Named.as("change"));
        if (!settings.keyedByObject()) {
            changes = changes.repartition(Repartitioned.with(Serdes.String(), serdes.changeEvents()).withName(REPARTITION));
        }

        Map<String, KStream<String, Emission>> emissions = changes
                .process(new LookupBatcherSupplier(settings.batchPolicy(), settings.pairs(), reader, metrics, serdes.pendingLookups()),
                        Named.as("lookup-batcher"))
                .split(Named.as("emit-"))
                .branch((key, emission) -> emission instanceof Emission.AssociationUpdate, Branched.as("associations"))
                .defaultBranch(Branched.as("dead-letters"));

        emissions.get("emit-associations")
                .mapValues(emission -> ((Emission.AssociationUpdate) emission).event(), Named.as("association-event"))
                .to(settings.outputTopic(), Produced.with(Serdes.String(), serdes.associationEvents()).withName("associations-sink"));
        emissions.get("emit-dead-letters")
                .mapValues(emission -> ((Emission.DeadLetter) emission).deadLetter(), Named.as("dead-letter"))
                .to(settings.deadLetterTopic(), Produced.with(Serdes.String(), serdes.deadLetters()).withName("dead-letters-sink"));
        return builder.build();
    }
}
