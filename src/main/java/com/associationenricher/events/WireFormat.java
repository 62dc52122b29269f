package com.associationenricher.events;

import java.nio.ByteBuffer;

/**
 * Confluent's framing of a serialized record: magic byte 0, the 4-byte big-endian schema id, then the Avro binary
 * encoding of the datum with the writer schema. Shared by the typed serde and the generic decoder so both reject
 * malformed frames with the same messages.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** The frame of non-empty {@code data}; throws when it cannot be one. */
    static Frame read(String topic, byte[] data) {
        if (data.length < HEADER_LENGTH) {
            throw new WireFormatException("record on topic '" + topic + "' is truncated: " + data.length
                    + " bytes, shorter than the 5-byte Confluent wire-format header", topic, WireFormatException.NO_SCHEMA_ID, null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format(
                    "record on topic '%s' is not in Confluent wire format: magic byte is 0x%02x, expected 0x00",
                    topic, data[0]), topic, WireFormatException.NO_SCHEMA_ID, null);
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        return new Frame(schemaId, data, HEADER_LENGTH, data.length - HEADER_LENGTH);
    }

    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id and where the Avro payload sits in the original array (no copy). */
    record Frame(int schemaId, byte[] bytes, int payloadOffset, int payloadLength) {
    }
}
