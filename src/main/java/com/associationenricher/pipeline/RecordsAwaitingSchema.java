package com.associationenricher.pipeline;

import java.nio.ByteBuffer;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Input records that wait for the Schema Registry to answer, in a changelogged store of the intake's task, so the
 * stream goes on (and commits) during a registry outage and nothing is lost or dead-lettered meanwhile. Keys are the
 * zero-padded source partition and offset, so they come back in the order they arrived.
 */
final class RecordsAwaitingSchema {
    static final String STORE = "awaiting-schema";

    /** One waiting record and where it was read from. */
    record Waiting(String topic, int partition, long offset, Record<byte[], byte[]> record) {
    }

    private final KeyValueStore<String, byte[]> store;
    private final String topic;
    private long count;

    RecordsAwaitingSchema(KeyValueStore<String, byte[]> store, String topic) {
        this.store = store;
        this.topic = topic;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    long size() {
        return count;
    }

    void add(int partition, long offset, Record<byte[], byte[]> record) {
        store.put(key(partition, offset), encode(record));
        count++;
    }

    /** Hands the records to {@code intake} in arrival order, removing each it took, until it takes none. */
    void drain(Predicate<Waiting> intake) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                int partition = Integer.parseInt(entry.key.substring(0, 10));
                long offset = Long.parseLong(entry.key.substring(11));
                if (!intake.test(new Waiting(topic, partition, offset, decode(entry.value)))) {
                    return;
                }
                store.delete(entry.key);
                count--;
            }
        }
    }

    private static String key(int partition, long offset) {
        return String.format("%010d:%019d", partition, offset);
    }

    private static byte[] encode(Record<byte[], byte[]> record) {
        byte[] key = record.key() == null ? new byte[0] : record.key();
        ByteBuffer buffer = ByteBuffer.allocate(4 + key.length + 1 + 8 + record.value().length);
        buffer.putInt(key.length).put(key).put((byte) (record.key() == null ? 0 : 1)).putLong(record.timestamp()).put(record.value());
        return buffer.array();
    }

    private static Record<byte[], byte[]> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] key = new byte[buffer.getInt()];
        buffer.get(key);
        boolean hasKey = buffer.get() == 1;
        long timestamp = buffer.getLong();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new Record<>(hasKey ? key : null, value, timestamp);
    }
}
