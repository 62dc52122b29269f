package com.associationenricher.pipeline;

import com.associationenricher.batching.Emission;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.ops.EnricherMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Never hands the producer an association event it cannot send. Under exactly-once one refused send aborts the whole
 * transaction, so the task would replay the same answer and fail again forever; the production exception handler
 * cannot prevent that, only not sending can. An event with more than {@code maxAssociations} keeps the first ones and
 * says {@code complete=false}; one whose serialized size still exceeds {@code maxRecordBytes} (long labels) becomes an
 * OUTPUT_REJECTED dead letter instead.
 */
final class OutputGuard extends ContextualFixedKeyProcessor<String, Emission, Emission> {
    /** Below this many associations an event is far under any record limit: not worth serializing twice. */
    static final int SIZE_CHECK_FROM = 1_000;

    private final int maxAssociations;
    private final long maxRecordBytes;
    private final String outputTopic;
    private final Serializer<AssociationEvent> serializer;
    private final EnricherMetrics metrics;

    OutputGuard(int maxAssociations, long maxRecordBytes, String outputTopic, Serializer<AssociationEvent> serializer,
                EnricherMetrics metrics) {
        this.maxAssociations = maxAssociations;
        this.maxRecordBytes = maxRecordBytes;
        this.outputTopic = outputTopic;
        this.serializer = serializer;
        this.metrics = metrics;
    }

    @Override
    public void process(FixedKeyRecord<String, Emission> record) {
        if (!(record.value() instanceof Emission.AssociationUpdate update) || update.event() == null) {
            context().forward(record);
            return;
        }
        AssociationEvent event = capped(update.event());
        if (event.getAssociations().size() >= SIZE_CHECK_FROM) {
            long size = serializer.serialize(outputTopic, event).length + record.key().getBytes(StandardCharsets.UTF_8).length;
            if (size > maxRecordBytes) {
                AssociationDeadLetter deadLetter = RefusedOutput.deadLetter(record.key(), "association event of " + size
                        + " bytes (" + event.getAssociations().size() + " associations) exceeds the record limit of "
                        + maxRecordBytes + " bytes; lower output.max-associations-per-event", context().currentSystemTimeMs());
                metrics.deadLetter(deadLetter.getReason().name());
                context().forward(record.withValue((Emission) new Emission.DeadLetter(deadLetter))
                        .withHeaders(DeadLetterHeaders.of(deadLetter)));
                return;
            }
        }
        context().forward(event == update.event() ? record : record.withValue(new Emission.AssociationUpdate(event)));
    }

    private AssociationEvent capped(AssociationEvent event) {
        if (event.getAssociations().size() <= maxAssociations) {
            return event;
        }
        return AssociationEvent.newBuilder(event)
                .setAssociations(event.getAssociations().subList(0, maxAssociations))
                .setComplete(false)
                .build();
    }
}
