package com.associationenricher.batching;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each output key in the order of its change events' {@code occurredAt}, even when they arrive out of order
 * (events of one object relayed through different input partitions, the other end of an association change, the ids a
 * merge removes): a deletion is not undone by an older change that arrives after it, and an older deletion that
 * arrives late does not erase a newer lookup. It remembers the newest change per key for {@code memoryMs}.
 */
final class ChangeOrder {
    static final String STORE = "last-changes";

    private final KeyValueStore<String, LastChange> store;
    private final long memoryMs;

    ChangeOrder(KeyValueStore<String, LastChange> store, long memoryMs) {
        this.store = store;
        this.memoryMs = memoryMs;
    }

    /**
     * Whether a change of {@code key} at {@code occurredAt} still matters, given the newer ones already applied. A
     * deletion at time T wins over every change at time <= T: HubSpot stamps the association removals that come with a
     * deletion with the deletion's own time.
     */
    boolean admit(String key, long occurredAt, boolean deletion) {
        LastChange last = store.get(key);
        if (last != null && last.deleted() && !deletion && occurredAt <= last.occurredAt()) {
            return false;
        }
        if (last != null && occurredAt < last.occurredAt()) {
            return !deletion;
        }
        store.put(key, new LastChange(occurredAt, deletion));
        return true;
    }

    /** Forgets keys whose newest change is older than the memory: no reordering spans that long. */
    int forgetOlderThan(long now) {
        int forgotten = 0;
        try (KeyValueIterator<String, LastChange> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, LastChange> entry = all.next();
                if (entry.value.occurredAt() < now - memoryMs) {
                    store.delete(entry.key);
                    forgotten++;
                }
            }
        }
        return forgotten;
    }
}
