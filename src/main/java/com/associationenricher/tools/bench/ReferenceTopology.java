package com.associationenricher.tools.bench;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The topology of a reference Kafka Streams application in {@code cpu_bound} ({@link ReferenceContender}): what it does
 * with the bench's input, and how the harness knows it is done. Each output record carries a number of "units" (an
 * input record, or changes folded into one answer) and the run ends when they add up to {@link #expectedUnits}.
 */
interface ReferenceTopology {
    /** The contender's name in the report. */
    String name();

    /**
     * @param serdes   the serdes the input was written with
     * @param onRecord run by the topology on every input record it takes, before anything else (it starts the clock)
     */
    Topology build(String input, String output, EnricherSerdes serdes, Runnable onRecord);

    long expectedUnits(List<CrmObjectChangeEvent> events);

    long unitsOf(byte[] outputValue);
}
