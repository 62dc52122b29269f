package com.associationenricher.pipeline;

import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.ops.EnricherMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step of the pipeline: decodes raw input records, validates each event, splits it into one change per object
 * and keys it by object. Anything that cannot be used becomes a dead letter carrying its source coordinates and raw
 * bytes; the stream goes on (never a crash loop, never a silent drop).
 */
public final class ChangeEventIntake extends ContextualProcessor<byte[], byte[], String, IntakeResult> {
    /** Raw bytes kept in a dead letter are capped so the dead letter itself always fits in a Kafka record. */
    static final int MAX_RAW_BYTES = 256 * 1024;

    private final InputDecoder decoder;
    private final EnricherMetrics metrics;

    public ChangeEventIntake(InputDecoder decoder, EnricherMetrics metrics) {
        this.decoder = decoder;
        this.metrics = metrics;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> source = context().recordMetadata();
        String topic = source.map(RecordMetadata::topic).orElse(null);
        if (record.value() == null) {
            reject(record, DecodedInput.invalid("record has no value", null), source);
            return;
        }
        for (DecodedInput input : decoder.decode(topic, record.value())) {
            if (!input.isValid()) {
                reject(record, input, source);
                continue;
            }
            Optional<String> problem = ChangeEventValidator.problem(input.event());
            if (problem.isPresent()) {
                reject(record, DecodedInput.invalid(problem.get(), input.raw() != null ? input.raw() : record.value()), source);
                continue;
            }
            String recordKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            for (CrmObjectChangeEvent change : ObjectChanges.split(input.event())) {
                String key = ObjectChanges.objectKey(change);
                context().forward(record.withKey(key).withValue(new IntakeResult.Change(change, key.equals(recordKey))));
            }
        }
    }

    private void reject(Record<byte[], byte[]> record, DecodedInput input, Optional<RecordMetadata> source) {
        long now = context().currentSystemTimeMs();
        byte[] raw = input.raw();
        String message = input.problem();
        if (raw != null && raw.length > MAX_RAW_BYTES) {
            message += " (raw value of " + raw.length + " bytes truncated to " + MAX_RAW_BYTES + ")";
            raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
        }
        byte[] rawKey = record.key() != null && record.key().length <= MAX_RAW_BYTES ? record.key() : null;
        AssociationDeadLetter deadLetter = AssociationDeadLetter.newBuilder()
                .setReason(input.reason())
                .setMessage(message)
                .setFirstFailedAt(Instant.ofEpochMilli(now))
                .setLastFailedAt(Instant.ofEpochMilli(now))
                .setSourceTopic(source.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(null))
                .setRawKey(rawKey == null ? null : ByteBuffer.wrap(rawKey))
                .setRawValue(raw == null ? null : ByteBuffer.wrap(raw))
                .build();
        metrics.deadLetter(input.reason().name());
        String key = "input:" + deadLetter.getSourceTopic() + ":" + deadLetter.getSourcePartition() + ":" + deadLetter.getSourceOffset();
        context().forward(new Record<String, IntakeResult>(key, new IntakeResult.Rejected(deadLetter), record.timestamp(), DeadLetterHeaders.of(deadLetter)));
    }
}
