package com.associationenricher.delta;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code last-emitted} store's value format. Format 2: a format byte (2), a flags byte (a change is remembered,
 * it was a deletion, an event follows), the change's occurredAt millis (8 bytes, big-endian) when one is remembered,
 * then the last event as {@link EmittedSetSerde} writes it. Format 1, written before the order memory moved into this
 * store, is the bare {@link EmittedSetSerde} bytes (they start with 1): read as an entry with an event and no change.
 */
final class LastEmittedSerde {
    private static final Logger LOG = LoggerFactory.getLogger(LastEmittedSerde.class);
    static final byte FORMAT = 2;
    private static final int HAS_CHANGE = 1;
    private static final int DELETED = 2;
    private static final int HAS_EMITTED = 4;

    private LastEmittedSerde() {
    }

    static Serde<LastEmitted> serde() {
        Serializer<LastEmitted> serializer = (topic, entry) -> entry == null ? null : write(entry);
        Deserializer<LastEmitted> deserializer = (topic, bytes) -> bytes == null ? null : readOrNull(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(LastEmitted entry) {
        byte[] emitted = entry.emittedBytes();
        ByteBuffer out = ByteBuffer.allocate(2 + (entry.hasChange() ? 8 : 0) + (emitted == null ? 0 : emitted.length));
        out.put(FORMAT);
        out.put((byte) ((entry.hasChange() ? HAS_CHANGE : 0) | (entry.deleted() ? DELETED : 0) | (emitted != null ? HAS_EMITTED : 0)));
        if (entry.hasChange()) {
            out.putLong(entry.changeAt());
        }
        if (emitted != null) {
            out.put(emitted);
        }
        return out.array();
    }

    /** The entry, or null (logged) when its bytes cannot be read: the key then counts as having neither. */
    static LastEmitted readOrNull(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == EmittedSetSerde.FORMAT) {
            return new LastEmitted(false, 0, false, bytes);
        }
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            LOG.warn("Unreadable last-emitted entry ({} bytes): its key counts as having no event and no change", bytes.length);
            return null;
        }
        int flags = bytes[1];
        int at = 2;
        long changeAt = 0;
        if ((flags & HAS_CHANGE) != 0) {
            if (bytes.length < 10) {
                LOG.warn("Unreadable last-emitted entry ({} bytes): its key counts as having no event and no change", bytes.length);
                return null;
            }
            changeAt = ByteBuffer.wrap(bytes, 2, 8).getLong();
            at = 10;
        }
        byte[] emitted = (flags & HAS_EMITTED) != 0 ? Arrays.copyOfRange(bytes, at, bytes.length) : null;
        return new LastEmitted((flags & HAS_CHANGE) != 0, changeAt, (flags & DELETED) != 0, emitted);
    }
}
