package com.associationenricher.dlq;

import com.associationenricher.events.avro.AssociationDeadLetter;
import java.time.Instant;

/**
 * One decoded dead letter and where it sits in the dead-letter topic. {@code timestamp} is the Kafka record's
 * timestamp: when the enricher dead-lettered the id (for rejected input, the input record's time); time filters and
 * first/last-seen figures use it. {@code value} keeps the raw bytes for the readable JSON rendering.
 */
public record DeadLetterRecord(String topic, int partition, long offset, Instant timestamp, String key,
                               AssociationDeadLetter deadLetter, byte[] value) {

    /** {@code partition/offset} in the dead-letter topic. */
    public String coordinates() {
        return partition + "/" + offset;
    }

    /** {@code from->to}, with {@code ?} for a type the dead letter does not name. */
    public String typePair() {
        return orUnknown(deadLetter.getFromObjectType()) + "->" + orUnknown(deadLetter.getToObjectType());
    }

    private static String orUnknown(String text) {
        return text == null ? "?" : text;
    }
}
