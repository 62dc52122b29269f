package com.associationenricher.batching;

import com.associationenricher.delta.AssociationDeltaProcessor;
import com.associationenricher.delta.LastEmitted;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each output key in the order of its change events' {@code occurredAt}, even when they arrive out of order
 * (events of one object relayed through different input partitions, the other end of an association change, the ids a
 * merge removes): a deletion is not undone by an older change that arrives after it, and an older deletion that
 * arrives late does not erase a newer lookup. It remembers the newest change per key in the key's {@code last-emitted}
 * entry ({@link LastEmitted}), next to its last event, so an answer costs one entry written, not one in each of two
 * stores. While a key waits for its lookup, its pending entry holds that time instead, and the last-emitted entry gets
 * it when the pending entry leaves ({@link #remember}), so a change of a waiting key costs no read or write here.
 *
 * <p>A key with an event keeps its time as long as its event. A deletion marker, or the time of a key with no event
 * (its lookup was dead-lettered), is forgotten after {@code memoryMs}: no reordering spans that long. Forgetting runs
 * on the stream thread, so one sweep visits at most {@code sweepBudget} keys and the next one goes on where it
 * stopped: with millions of keys, no punctuation stalls the task. Below that cap a sweep visits only as many keys as
 * a pass over the whole store (as large as it was when the pass began) in half the memory needs
 * ({@link #visitsPerSweep}). An entry is then forgotten about one and a half memories after its change at the latest,
 * and a store that one sweep could cover is not read through every second (that was 4 % of the stream thread in the
 * cpu_bound bench).
 *
 * <p>Builds before this one kept the times in their own store, {@link #LEGACY_STORE}. Its changelog is still
 * restored, and while it holds entries the sweeps move them into last-emitted (the newer time wins) and admission
 * reads both; once it is empty, it is never read again.
 */
final class ChangeOrder {
    static final String LEGACY_STORE = "last-changes";
    static final int SWEEP_BUDGET = 10_000;
    /** The fewest keys a sweep visits when the pace asks for fewer. */
    static final int MIN_SWEEP_VISITS = 100;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ChangeOrder.class);

    /** What one sweep did: keys visited, and keys forgotten or moved out of the legacy store. */
    record Sweep(int visited, int forgotten) {
    }

    private final KeyValueStore<String, LastEmitted> store;
    private final long memoryMs;
    private final long sweepEveryMs;
    private final int sweepBudget;
    /** The legacy store while it still has entries; null once it is empty. */
    private KeyValueStore<String, LastChange> legacy;
    private long legacyMoved;
    /** The first key the next sweep visits; null: start from the beginning. */
    private String resumeAt;
    /** The keys each sweep of the current pass visits, set as the pass begins. */
    private int passVisits;

    ChangeOrder(KeyValueStore<String, LastEmitted> store, KeyValueStore<String, LastChange> legacy, long memoryMs) {
        this(store, legacy, memoryMs, SWEEP_BUDGET);
    }

    ChangeOrder(KeyValueStore<String, LastEmitted> store, KeyValueStore<String, LastChange> legacy, long memoryMs, int sweepBudget) {
        this.store = store;
        this.legacy = legacy != null && hasEntries(legacy) ? legacy : null;
        this.memoryMs = memoryMs;
        this.sweepEveryMs = sweepInterval(Duration.ofMillis(memoryMs)).toMillis();
        this.sweepBudget = sweepBudget;
        if (this.legacy != null) {
            LOG.info("The {} store of an older build has entries: they move into {} as the sweeps visit them",
                    LEGACY_STORE, AssociationDeltaProcessor.STORE);
        }
    }

    /**
     * How often to sweep: every second (a tenth of the memory if that is shorter), so that {@link #SWEEP_BUDGET} keys
     * a second keep up with the keys a task sees.
     */
    static Duration sweepInterval(Duration memory) {
        Duration tenth = memory.dividedBy(10);
        return tenth.compareTo(SWEEP_EVERY) < 0 ? tenth : SWEEP_EVERY;
    }

    /**
     * How many keys one sweep visits: enough to pass over {@code entries} keys in half the memory, at least
     * {@link #MIN_SWEEP_VISITS} and at most the sweep budget.
     */
    int visitsPerSweep(long entries) {
        long sweepsPerHalfMemory = Math.max(1, memoryMs / 2 / Math.max(1, sweepEveryMs));
        long paced = (entries + sweepsPerHalfMemory - 1) / sweepsPerHalfMemory;
        return (int) Math.min(sweepBudget, Math.max(MIN_SWEEP_VISITS, paced));
    }

    /**
     * Whether a change that asks for a lookup is admitted: not when a deletion at least as new was applied. A deletion
     * at time T wins over every change at time <= T: HubSpot stamps the association removals that come with a
     * deletion with the deletion's own time. {@code pendingLatest}: the newest change time the key's pending-lookup
     * entry holds, null when it has none. A key with such an entry had no deletion since the entry was made (a
     * deletion erases it), so the change is admitted without a read. Nothing is written: the pending entry carries the
     * change's time until it leaves the store, when the batcher calls {@link #remember}.
     */
    boolean admitLookup(String key, long occurredAt, Long pendingLatest) {
        if (pendingLatest != null) {
            return true;
        }
        LastChange last = newest(key, store.get(key));
        return last == null || !last.deleted() || occurredAt > last.occurredAt();
    }

    /**
     * Whether a deletion is admitted (then it is remembered at once, and the key's last event forgotten): not when a
     * newer change was applied, whether remembered here or still held by the key's pending entry
     * ({@code pendingLatest}, null when it has none).
     */
    boolean admitDeletion(String key, long occurredAt, Long pendingLatest) {
        LastChange last = newest(key, store.get(key));
        long newest = Math.max(last == null ? Long.MIN_VALUE : last.occurredAt(), pendingLatest == null ? Long.MIN_VALUE : pendingLatest);
        if (occurredAt < newest) {
            return false;
        }
        store.put(key, LastEmitted.deletedAt(occurredAt));
        return true;
    }

    /**
     * A change of {@code key} at {@code occurredAt} was applied: remembered unless a newer one already is. The key's
     * last event, if the delta processor has just written it, stays in the entry.
     */
    void remember(String key, long occurredAt) {
        LastEmitted entry = store.get(key);
        LastChange last = newest(key, entry);
        if (last == null || occurredAt >= last.occurredAt()) {
            store.put(key, entry == null ? LastEmitted.changedAt(occurredAt) : entry.withChange(occurredAt, false));
        }
    }

    /** The newest change of the key: its entry's, or the legacy store's while it has entries, whichever is newer. */
    private LastChange newest(String key, LastEmitted entry) {
        LastChange here = entry == null || !entry.hasChange() ? null : new LastChange(entry.changeAt(), entry.deleted());
        if (legacy == null) {
            return here;
        }
        LastChange old = legacy.get(key);
        return old == null || (here != null && here.occurredAt() >= old.occurredAt()) ? here : old;
    }

    /**
     * Forgets deletion markers, and the times of keys without an event, older than the memory, visiting
     * {@link #visitsPerSweep} keys (for the store's size as the pass began) from where the previous sweep stopped. While the legacy store has entries, the sweep
     * moves those instead, a whole sweep budget at a time.
     */
    Sweep forgetOlderThan(long now) {
        if (legacy != null) {
            return moveLegacy(now);
        }
        int forgotten = 0;
        int visited = 0;
        if (resumeAt == null) {
            passVisits = visitsPerSweep(store.approximateNumEntries());
        }
        try (KeyValueIterator<String, LastEmitted> keys = resumeAt == null ? store.all() : store.range(resumeAt, null)) {
            while (visited < passVisits && keys.hasNext()) {
                KeyValue<String, LastEmitted> entry = keys.next();
                visited++;
                LastEmitted value = entry.value;
                if (value != null && !value.hasEmitted() && value.hasChange() && value.changeAt() < now - memoryMs) {
                    store.delete(entry.key);
                    forgotten++;
                }
            }
            resumeAt = keys.hasNext() ? keys.peekNextKey() : null;
        }
        return new Sweep(visited, forgotten);
    }

    /** One sweep's worth of the legacy store moved into last-emitted (older than the memory: dropped) and deleted. */
    private Sweep moveLegacy(long now) {
        int visited = 0;
        try (KeyValueIterator<String, LastChange> keys = legacy.all()) {
            while (visited < sweepBudget && keys.hasNext()) {
                KeyValue<String, LastChange> old = keys.next();
                visited++;
                if (old.value != null && old.value.occurredAt() >= now - memoryMs) {
                    LastEmitted entry = store.get(old.key);
                    if (entry == null || !entry.hasChange() || entry.changeAt() < old.value.occurredAt()) {
                        LastEmitted none = LastEmitted.changedAt(old.value.occurredAt());
                        store.put(old.key, (entry == null ? none : entry).withChange(old.value.occurredAt(), old.value.deleted()));
                    }
                }
                legacy.delete(old.key);
            }
        }
        legacyMoved += visited;
        if (!hasEntries(legacy)) {
            LOG.info("Moved the {} entries of the {} store into {}: it is not read again", legacyMoved, LEGACY_STORE,
                    AssociationDeltaProcessor.STORE);
            legacy = null;
        }
        return new Sweep(visited, visited);
    }

    private static boolean hasEntries(KeyValueStore<String, LastChange> store) {
        try (KeyValueIterator<String, LastChange> all = store.all()) {
            return all.hasNext();
        }
    }
}
