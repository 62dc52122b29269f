package com.associationenricher.pipeline;

import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.ops.EnricherMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An association event the broker refuses (record too large for the topic's {@code max.message.bytes}, invalid
 * record, ...) becomes an OUTPUT_REJECTED dead letter and processing goes on, instead of a dead stream thread that
 * would fetch and fail the same id again. Other topics (dead letters, changelogs, repartition) keep Kafka Streams'
 * default: fail, since dropping them would lose or desynchronise state.
 *
 * <p>The dead letter goes through the service's own producer, not KIP-1034's dead-letter records: Streams sends
 * those from inside the producer's network thread, where a dead-letter topic the producer has no metadata for yet
 * blocks the thread for {@code max.block.ms} and then fails the task. Under exactly-once a refused send still aborts
 * the transaction, which is why {@link OutputGuard} keeps oversized events from being sent at all; this handler is the
 * safety net for what only the broker knows.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {
    /** The Streams property holding the {@link Target} (an object, not a string). */
    public static final String TARGET = "association-enricher.refused-output.target";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

    /** Where refused output goes and how it is written. */
    public record Target(String outputTopic, String deadLetterTopic, Serializer<AssociationDeadLetter> serializer,
                         EnricherMetrics metrics, Producer<byte[], byte[]> producer) {
    }

    private Target target;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(TARGET);
        if (!(configured instanceof Target given)) {
            throw new IllegalArgumentException(TARGET + " must hold a " + Target.class.getName());
        }
        this.target = given;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!record.topic().equals(target.outputTopic())) {
            return Response.fail();
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        int bytes = record.value() == null ? 0 : record.value().length;
        AssociationDeadLetter deadLetter = RefusedOutput.deadLetter(key, "Kafka refused the association event ("
                + bytes + " bytes): " + exception, System.currentTimeMillis());
        LOG.error("Kafka refused the association event for {} ({} bytes); dead-lettered as {}", key, bytes,
                deadLetter.getReason(), exception);
        target.metrics().deadLetter(deadLetter.getReason().name());
        byte[] value = target.serializer().serialize(target.deadLetterTopic(), deadLetter);
        target.producer().send(new ProducerRecord<>(target.deadLetterTopic(), null, record.key(), value,
                DeadLetterHeaders.of(deadLetter)), (metadata, failure) -> {
                    if (failure != null) {
                        LOG.error("The dead letter of the refused association event for {} was not written either", key, failure);
                    }
                });
        return Response.resume();
    }
}
