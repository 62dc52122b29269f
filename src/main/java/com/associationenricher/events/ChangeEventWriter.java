package com.associationenricher.events;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a change event into the record an operator tool writes into {@code topics.input}: keyed by its object
 * ({@code portalId:objectType:objectId}, so it lands where a keyed producer's events do) and valued in Confluent's
 * Avro wire format, which the enricher reads under every {@code input.format}. Used by {@code dlq replay} and meant
 * for any other producer of change events (backfill, reconciliation): hand its records to a
 * {@code KafkaProducer<byte[], byte[]>}.
 */
public final class ChangeEventWriter {
    private final ConfluentAvroSerializer<CrmObjectChangeEvent> serializer;

    public ChangeEventWriter(SchemaRegistry registry) {
        this.serializer = new ConfluentAvroSerializer<>(registry, CrmObjectChangeEvent.class, false);
    }

    /** The input key of an event: every event of one object shares it. */
    public static String keyOf(CrmObjectChangeEvent event) {
        return event.getPortalId() + ":" + event.getObjectType() + ":" + event.getObjectId();
    }

    public ProducerRecord<byte[], byte[]> record(String topic, CrmObjectChangeEvent event) {
        return record(topic, keyOf(event), event, new RecordHeaders());
    }

    /**
     * @throws SchemaRegistryException when the schema cannot be registered (the registry is down or refuses it)
     */
    public ProducerRecord<byte[], byte[]> record(String topic, String key, CrmObjectChangeEvent event, Headers headers) {
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, event), headers);
    }
}
