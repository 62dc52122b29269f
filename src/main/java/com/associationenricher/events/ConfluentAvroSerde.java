package com.associationenricher.events;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for a generated Avro class in Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary),
 * interoperable with Confluent's KafkaAvroSerializer and any registry speaking its REST API. See
 * {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} for the rules on subjects, tombstones and
 * errors.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final boolean forKeys;
    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    /** A serde for record values (subject {@code <topic>-value}). */
    public ConfluentAvroSerde(SchemaRegistry registry, Class<T> type) {
        this(registry, type, false);
    }

    private ConfluentAvroSerde(SchemaRegistry registry, Class<T> type, boolean forKeys) {
        this.type = type;
        this.forKeys = forKeys;
        this.serializer = new ConfluentAvroSerializer<>(registry, type, forKeys);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, type);
    }

    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(SchemaRegistry registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, false);
    }

    /** A serde for record keys (subject {@code <topic>-key}). */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forKeys(SchemaRegistry registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, true);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public String toString() {
        return "ConfluentAvroSerde[" + type.getSimpleName() + (forKeys ? ", keys" : ", values") + "]";
    }
}
