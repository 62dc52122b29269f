package com.associationenricher.pipeline;

import com.associationenricher.batching.InputActivity;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.SchemaRegistryUnavailableException;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.ops.EnricherMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the pipeline: decodes raw input records, validates each event, splits it into one change per object
 * and keys it by object. Anything that cannot be used becomes a dead letter carrying its source coordinates and raw
 * bytes; the stream goes on (never a crash loop, never a silent drop). A record the Schema Registry cannot decode
 * right now (unreachable, failing) is not the record's fault: it waits in {@link RecordsAwaitingSchema} and is tried
 * again every {@link #RETRY_INTERVAL} until the registry answers.
 */
public final class ChangeEventIntake extends ContextualProcessor<byte[], byte[], String, IntakeResult> {
    /** Raw bytes kept in a dead letter are capped so the dead letter itself always fits in a Kafka record. */
    static final int MAX_RAW_BYTES = 256 * 1024;
    static final Duration RETRY_INTERVAL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventIntake.class);

    private final InputDecoder decoder;
    private final EnricherMetrics metrics;
    private final String inputTopic;
    private final InputPartitioning partitioning;
    private final InputActivity activity;
    private RecordsAwaitingSchema awaiting;

    public ChangeEventIntake(InputDecoder decoder, EnricherMetrics metrics, String inputTopic) {
        this(decoder, metrics, inputTopic, InputPartitioning.TRUSTED, new InputActivity());
    }

    /** @param activity told of every record taken, for the batcher's tasks ({@link InputActivity}) */
    ChangeEventIntake(InputDecoder decoder, EnricherMetrics metrics, String inputTopic, InputPartitioning partitioning,
                      InputActivity activity) {
        this.activity = activity;
        this.decoder = decoder;
        this.metrics = metrics;
        this.inputTopic = inputTopic;
        this.partitioning = partitioning;
    }

    @Override
    public void init(ProcessorContext<String, IntakeResult> context) {
        super.init(context);
        awaiting = new RecordsAwaitingSchema(context.getStateStore(RecordsAwaitingSchema.STORE), inputTopic);
        context.schedule(RETRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> retryAwaiting());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        activity.took(context().currentSystemTimeMs());
        Optional<RecordMetadata> source = context().recordMetadata();
        String topic = source.map(RecordMetadata::topic).orElse(inputTopic);
        int partition = source.map(RecordMetadata::partition).orElse(-1);
        long offset = source.map(RecordMetadata::offset).orElse(-1L);
        if (!intake(record, topic, partition, offset)) {
            if (awaiting.isEmpty()) {
                LOG.warn("Schema Registry unavailable: input records wait in task {} until it answers (nothing is dead-lettered)",
                        context().taskId());
            }
            awaiting.add(partition, offset, record);
        }
    }

    private void retryAwaiting() {
        if (!awaiting.isEmpty()) {
            long before = awaiting.size();
            awaiting.drain(waiting -> intake(waiting.record(), waiting.topic(), waiting.partition(), waiting.offset()));
            if (awaiting.isEmpty()) {
                LOG.info("Schema Registry answers again: {} waiting input records of task {} taken in", before, context().taskId());
            }
        }
    }

    /** False when the record must wait for the registry; then nothing of it was forwarded. */
    private boolean intake(Record<byte[], byte[]> record, String topic, int partition, long offset) {
        Source source = new Source(topic, partition, offset);
        if (record.value() == null) {
            reject(record, DecodedInput.invalid("record has no value", null), source);
            return true;
        }
        List<DecodedInput> decoded;
        try {
            decoded = decoder.decode(topic, record.value());
        } catch (SchemaRegistryUnavailableException e) {
            return false;
        }
        for (DecodedInput input : decoded) {
            if (!input.isValid()) {
                reject(record, input, source);
                continue;
            }
            Optional<String> problem = ChangeEventValidator.problem(input.event());
            if (problem.isPresent()) {
                reject(record, DecodedInput.invalid(problem.get(), input.raw() != null ? input.raw() : record.value()), source);
                continue;
            }
            // Only a record keyed by its object and in that key's partition is where the repartition would put it.
            String recordKey = record.key() == null || !partitioning.isWhereTheRepartitionPutsIt(record.key(), source.partition())
                    ? null : new String(record.key(), StandardCharsets.UTF_8);
            for (CrmObjectChangeEvent change : ObjectChanges.split(input.event())) {
                String key = ObjectChanges.objectKey(change);
                byte[] avro = change == input.event() ? input.avro() : null;
                context().forward(new Record<String, IntakeResult>(key, new IntakeResult.Change(change, key.equals(recordKey), avro),
                        record.timestamp(), record.headers()));
            }
        }
        return true;
    }

    private record Source(String topic, int partition, long offset) {
    }

    private void reject(Record<byte[], byte[]> record, DecodedInput input, Source source) {
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
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition() < 0 ? null : source.partition())
                .setSourceOffset(source.offset() < 0 ? null : source.offset())
                .setRawKey(rawKey == null ? null : ByteBuffer.wrap(rawKey))
                .setRawValue(raw == null ? null : ByteBuffer.wrap(raw))
                .build();
        metrics.deadLetter(input.reason().name());
        String key = "input:" + deadLetter.getSourceTopic() + ":" + deadLetter.getSourcePartition() + ":" + deadLetter.getSourceOffset();
        context().forward(new Record<String, IntakeResult>(key, new IntakeResult.Rejected(deadLetter), record.timestamp(), DeadLetterHeaders.of(deadLetter)));
    }
}
