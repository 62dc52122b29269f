package com.associationenricher.backfill;

import com.associationenricher.events.ConfluentAvroSerializer;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes change events to the input topic in the Avro Confluent wire format ({@code dlq replay} writes the same), keyed
 * {@code portalId:objectType:objectId}, and returns only once Kafka acknowledged all of them: a page's checkpoint is
 * written after its events are safe, never before.
 */
final class ChangeEventWriter {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ConfluentAvroSerializer<CrmObjectChangeEvent> serializer;
    private final String topic;
    private final long ackTimeoutMs;

    ChangeEventWriter(KafkaProducer<byte[], byte[]> producer, SchemaRegistry registry, String topic, long ackTimeoutMs) {
        this.producer = producer;
        this.serializer = new ConfluentAvroSerializer<>(registry, CrmObjectChangeEvent.class, false);
        this.topic = topic;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    /** Sends every event and waits for every acknowledgement; throws if any was refused (nothing is checkpointed). */
    void writeAll(List<CrmObjectChangeEvent> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (CrmObjectChangeEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, ChangeEvents.key(event).getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, event))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get(ackTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused a change event for " + topic + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge change events for " + topic + " within "
                        + ackTimeoutMs + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
    }
}
