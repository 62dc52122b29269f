package com.associationenricher.batching;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each output key in the order of its change events' {@code occurredAt}, even when they arrive out of order
 * (events of one object relayed through different input partitions, the other end of an association change, the ids a
 * merge removes): a deletion is not undone by an older change that arrives after it, and an older deletion that
 * arrives late does not erase a newer lookup. It remembers the newest change per key for {@code memoryMs}; while a key
 * waits for its lookup, its pending entry holds that time instead, and this store gets it when the entry leaves
 * ({@link #remember}), so a change of a waiting key costs no read or write here.
 *
 * <p>Forgetting runs on the stream thread, so one sweep visits at most {@code sweepBudget} keys and the next one goes
 * on where it stopped: with millions of keys, no punctuation stalls the task.
 */
final class ChangeOrder {
    static final String STORE = "last-changes";
    static final int SWEEP_BUDGET = 10_000;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    /** What one sweep did. */
    record Sweep(int visited, int forgotten) {
    }

    private final KeyValueStore<String, LastChange> store;
    private final long memoryMs;
    private final int sweepBudget;
    /** The first key the next sweep visits; null: start from the beginning. */
    private String resumeAt;

    ChangeOrder(KeyValueStore<String, LastChange> store, long memoryMs) {
        this(store, memoryMs, SWEEP_BUDGET);
    }

    ChangeOrder(KeyValueStore<String, LastChange> store, long memoryMs, int sweepBudget) {
        this.store = store;
        this.memoryMs = memoryMs;
        this.sweepBudget = sweepBudget;
    }

    /**
     * How often to sweep: every second (a tenth of the memory if that is shorter), so that {@link #SWEEP_BUDGET} keys
     * a second keep up with the keys a task sees.
     */
    static Duration sweepInterval(Duration memory) {
        Duration tenth = memory.dividedBy(10);
        return tenth.compareTo(SWEEP_EVERY) < 0 ? tenth : SWEEP_EVERY;
    }

    /** What {@link #admitLookup} decided. */
    enum Admission {
        /** Refused: a deletion at least as new was applied. */
        REFUSED,
        /** Admitted; this store may hold a newer change (or was not read), so {@link #remember} must compare. */
        ADMITTED,
        /** Admitted, and this store holds no newer change: when the entry made for it leaves, no read is needed. */
        ADMITTED_NEWEST;

        boolean admitted() {
            return this != REFUSED;
        }
    }

    /**
     * Whether a change that asks for a lookup is admitted, and whether this store holds anything newer than it (see
     * {@link Admission}). A deletion at time T wins over every change at time <= T:
     * HubSpot stamps the association removals that come with a deletion with the deletion's own time. {@code pendingLatest}: the newest change time the key's
     * pending-lookup entry holds, null when it has none. A key with such an entry had no deletion since the entry was
     * made (a deletion erases it), so the change is admitted without a read. Nothing is written: the pending entry
     * carries the change's time until it leaves the store, when the batcher calls {@link #remember}.
     */
    Admission admitLookup(String key, long occurredAt, Long pendingLatest) {
        if (pendingLatest != null) {
            return Admission.ADMITTED;
        }
        LastChange last = store.get(key);
        if (last == null) {
            return Admission.ADMITTED_NEWEST;
        }
        if (last.deleted()) {
            return occurredAt > last.occurredAt() ? Admission.ADMITTED_NEWEST : Admission.REFUSED;
        }
        return occurredAt >= last.occurredAt() ? Admission.ADMITTED_NEWEST : Admission.ADMITTED;
    }

    /**
     * Whether a deletion is admitted (then it is remembered at once): not when a newer change was applied, whether
     * remembered here or still held by the key's pending entry ({@code pendingLatest}, null when it has none).
     */
    boolean admitDeletion(String key, long occurredAt, Long pendingLatest) {
        LastChange last = store.get(key);
        long newest = Math.max(last == null ? Long.MIN_VALUE : last.occurredAt(), pendingLatest == null ? Long.MIN_VALUE : pendingLatest);
        if (occurredAt < newest) {
            return false;
        }
        store.put(key, new LastChange(occurredAt, true));
        return true;
    }

    /**
     * A change of {@code key} at {@code occurredAt} was applied: remembered unless a newer one already is.
     * {@code noNewerRemembered}: the entry that held it was made on {@link Admission#ADMITTED_NEWEST}, so nothing newer
     * can be here (only a deletion, which erases the entry, or a sweep, which only forgets, writes this key meanwhile)
     * and it is written without a read.
     */
    void remember(String key, long occurredAt, boolean noNewerRemembered) {
        if (noNewerRemembered) {
            store.put(key, new LastChange(occurredAt, false));
            return;
        }
        LastChange last = store.get(key);
        if (last == null || occurredAt >= last.occurredAt()) {
            store.put(key, new LastChange(occurredAt, false));
        }
    }

    /**
     * Forgets keys whose newest change is older than the memory (no reordering spans that long), visiting at most the
     * sweep budget of keys from where the previous sweep stopped.
     */
    Sweep forgetOlderThan(long now) {
        int forgotten = 0;
        int visited = 0;
        try (KeyValueIterator<String, LastChange> keys = resumeAt == null ? store.all() : store.range(resumeAt, null)) {
            while (visited < sweepBudget && keys.hasNext()) {
                KeyValue<String, LastChange> entry = keys.next();
                visited++;
                if (entry.value.occurredAt() < now - memoryMs) {
                    store.delete(entry.key);
                    forgotten++;
                }
            }
            resumeAt = keys.hasNext() ? keys.peekNextKey() : null;
        }
        return new Sweep(visited, forgotten);
    }
}
