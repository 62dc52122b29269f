package com.associationenricher.batching;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The event time of the newest change applied to one output key, and whether it was a deletion. Stored as 9 bytes:
 * the occurredAt millis (big-endian long) and a deletion flag.
 */
record LastChange(long occurredAt, boolean deleted) {

    static Serde<LastChange> serde() {
        Serializer<LastChange> serializer = (topic, change) -> change == null ? null
                : ByteBuffer.allocate(9).putLong(change.occurredAt).put((byte) (change.deleted ? 1 : 0)).array();
        Deserializer<LastChange> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new LastChange(buffer.getLong(), buffer.get() == 1);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
