package com.associationenricher.events;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not (or not decodable as) a Confluent wire-format Avro record: wrong magic byte, truncated payload,
 * unknown schema id, or a writer schema the reader type cannot resolve. Carries the topic and, when it could be read,
 * the schema id, so dead-letter handling can report both.
 */
public class WireFormatException extends SerializationException {

    /** Schema id value when the bytes were too short or had the wrong magic byte to tell it. */
    public static final int NO_SCHEMA_ID = -1;

    private final String topic;
    private final int schemaId;

    public WireFormatException(String message, String topic, int schemaId, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public String topic() {
        return topic;
    }

    public int schemaId() {
        return schemaId;
    }
}
