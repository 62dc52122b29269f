package com.associationenricher.tools.bench;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** Kafka Streams' own limit on this machine: one stateless map from the input to an output topic, no store. */
final class StatelessPassthrough implements ReferenceTopology {
    static final String NAME = "streams-passthrough";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Topology build(String input, String output, EnricherSerdes serdes, Runnable onRecord) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(value -> {
                    onRecord.run();
                    return value;
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    @Override
    public long expectedUnits(List<CrmObjectChangeEvent> events) {
        return events.size();
    }

    @Override
    public long unitsOf(byte[] outputValue) {
        return 1;
    }
}
