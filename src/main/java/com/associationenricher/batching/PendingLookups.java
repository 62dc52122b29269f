package com.associationenricher.batching;

import com.associationenricher.events.AssociationKey;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.ops.EnricherMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ids of one task that wait for a lookup: the changelogged store that makes them survive a crash, the in-memory
 * {@link PendingIndex} that says which are due, and the per-group pending-ids gauges. It keeps the rules that tell a
 * current answer from a stale one: an entry's lineage is drawn anew each time its key enters the store (an answer for
 * a key deleted meanwhile is discarded, even if the key came back), and its version moves on with every change (an id
 * that changed while in flight is looked up again). The store changes only for what must survive a crash.
 */
final class PendingLookups {
    static final String STORE = "pending-lookups";
    static final int MAX_EVENT_IDS = 20;
    /** Deferrals at least this long are written to the store; shorter ones are only held in memory. */
    static final long PERSISTED_DEFERRAL_MS = Duration.ofMinutes(1).toMillis();

    private final KeyValueStore<String, PendingLookup> store;
    private final EnricherMetrics metrics;
    private final PendingIndex index = new PendingIndex();
    /**
     * The entries of the ids in flight, as last written to the store: an answer, and a change of an id in flight, need
     * no store read. Bounded by the calls in flight; every write of such a key goes through the same object.
     */
    private final Map<AssociationKey, PendingLookup> inFlight = new HashMap<>();
    /** Store entries per group, mirrored into the per-group gauge; subtracted again when the task closes. */
    private final Map<GroupKey, Long> pendingByGroup = new HashMap<>();

    /** Rebuilds the in-memory view from the store, as each life of a task begins. */
    PendingLookups(KeyValueStore<String, PendingLookup> store, EnricherMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        try (KeyValueIterator<String, PendingLookup> all = store.all()) {
            all.forEachRemaining(kv -> {
                AssociationKey key = AssociationKey.parse(kv.key);
                if (kv.value.getNotBefore() > 0) {
                    index.backOff(key, kv.value.getNotBefore());
                } else {
                    index.addWaiting(key, kv.value.getPendingSince());
                }
                count(key, 1);
            });
        }
    }

    /**
     * The key's entry, or null when it has none. An id the index does not know has no entry (the index is rebuilt from
     * the store and follows every write), so a new id costs no read, which in RocksDB is a miss, the costliest kind; an
     * id in flight is answered from memory.
     */
    PendingLookup entryOf(AssociationKey key) {
        PendingLookup entry = inFlight.get(key);
        return entry != null || !index.isKnown(key) ? entry : store.get(key.toString());
    }

    /**
     * The key needs a lookup: a new entry, or the existing one refreshed (one lookup however often it changes);
     * {@code existing} is what {@link #entryOf} gave. The entry's {@code noNewerChangeRemembered} stays false: only a
     * build older than the merge of last-changes into last-emitted reads it (false: it reads last-changes first).
     */
    void enqueue(AssociationKey key, PendingLookup existing, CrmObjectChangeEvent event, long now) {
        String storeKey = key.toString();
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (existing == null) {
            store.put(storeKey, PendingLookup.newBuilder()
                    .setPortalId(key.portalId())
                    .setFromObjectType(key.fromObjectType())
                    .setObjectId(key.objectId())
                    .setToObjectType(key.toObjectType())
                    .setLineage(ThreadLocalRandom.current().nextLong())
                    .setVersion(0)
                    .setPendingSince(now)
                    .setChangeOccurredAt(occurredAt)
                    .setLatestChangeOccurredAt(occurredAt)
                    .setTriggeringEventIds(List.of(event.getEventId()))
                    .build());
            count(key, 1);
            metrics.lookupRequested();
            index.addWaiting(key, now, LookupClass.of(event));
            return;
        }
        existing.setVersion(existing.getVersion() + 1);
        existing.setTriggeringEventIds(appendCapped(existing.getTriggeringEventIds(), event.getEventId()));
        existing.setLatestChangeOccurredAt(Math.max(occurredAt, nullToZero(existing.getLatestChangeOccurredAt())));
        if (existing.getChangeOccurredAt() == null || occurredAt < existing.getChangeOccurredAt()) {
            existing.setChangeOccurredAt(occurredAt);
        }
        store.put(storeKey, existing);
        // Known ids stay as they are, except that a live change makes a waiting bulk id live.
        index.addWaiting(key, now, LookupClass.of(event));
    }

    /** Whether any id waits for a call (not in flight, not backing off). */
    boolean holdsWaitingIds() {
        return index.waitingCount() > 0;
    }

    /** Ids waiting for a call in one class. */
    int waitingCount(LookupClass lookupClass) {
        return index.waitingCount(lookupClass);
    }

    /**
     * The key was deleted or merged away: its pending lookup is cancelled (an answer in flight will be discarded). A
     * key the index does not know has no entry (see {@link #entryOf}), so its deletion touches no store.
     */
    void erase(AssociationKey key) {
        inFlight.remove(key);
        if (index.isKnown(key) && store.delete(key.toString()) != null) {
            count(key, -1);
        }
        index.remove(key);
    }

    void releaseDueBackoffs(long now) {
        index.releaseDueBackoffs(now);
    }

    /** What each portal needs permits for now (see {@link PendingIndex#permitDemand}). */
    Map<Long, Integer> permitDemand(long now, BatchPolicy policy, BacklogEndSend atBacklogEnd,
                                    LongPredicate portalPaused, PendingIndex.SharedFill elsewhere) {
        return index.permitDemand(now, policy.maxIds(), policy.maxWait().toMillis(), atBacklogEnd, portalPaused, elsewhere);
    }

    /** The call a granted permit of {@code portal} is used for, with each id's entry as it is now; null if none. */
    InFlightBatch takeGranted(long portal, long now, BatchPolicy policy, BacklogEndSend atBacklogEnd,
                              PendingIndex.SharedFill elsewhere) {
        PendingIndex.ReadyBatch batch = index.takeGranted(portal, now, policy.maxIds(), policy.maxWait().toMillis(), atBacklogEnd, elsewhere);
        return batch == null ? null : toCall(batch);
    }

    /** Up to {@code maxIds} waiting ids of {@code group} for another task's call; null when none wait. */
    InFlightBatch takeFrom(GroupKey group, int maxIds) {
        PendingIndex.ReadyBatch batch = index.takeFrom(group, maxIds);
        return batch == null ? null : toCall(batch);
    }

    Map<GroupKey, Integer> waitingCounts() {
        return index.waitingCounts();
    }

    private InFlightBatch toCall(PendingIndex.ReadyBatch batch) {
        Map<String, InFlightBatch.Sent> sent = new LinkedHashMap<>();
        for (String id : batch.objectIds()) {
            PendingLookup lookup = store.get(batch.group().keyOf(id).toString());
            if (lookup == null) {
                // Cannot happen while index and store agree; an id without an entry is simply not asked for.
                index.answered(batch.group().keyOf(id));
                continue;
            }
            inFlight.put(batch.group().keyOf(id), lookup);
            sent.put(id, new InFlightBatch.Sent(lookup.getLineage(), lookup.getVersion(), List.copyOf(lookup.getTriggeringEventIds())));
        }
        if (sent.isEmpty()) {
            return null;
        }
        GroupKey group = batch.group();
        return new InFlightBatch(new BatchReadRequest(group.portalId(), group.fromObjectType(), group.toObjectType(),
                List.copyOf(sent.keySet())), sent, batch.reason());
    }

    /**
     * The entry an answer is for, or null when the key was deleted or merged away since the call: its tombstone is out
     * and must not be overwritten (a key that came back meanwhile is queued for its own lookup).
     */
    PendingLookup answered(AssociationKey key, InFlightBatch.Sent sent) {
        index.answered(key);
        PendingLookup lookup = inFlight.remove(key);
        if (lookup == null) {
            lookup = store.get(key.toString());
        }
        if (lookup == null || lookup.getLineage() != sent.lineage()) {
            if (lookup != null) {
                index.addWaiting(key, lookup.getPendingSince());
            }
            return null;
        }
        return lookup;
    }

    /**
     * The id got its outcome: it leaves the store (true), unless it changed meanwhile and needs a fresh lookup (false:
     * it stays, waiting again).
     */
    boolean finish(AssociationKey key, PendingLookup lookup, InFlightBatch.Sent sent, long now) {
        if (lookup.getVersion() == sent.version()) {
            // put(key, null) deletes without reading (and decoding) the old value, as delete() would to return it.
            store.put(key.toString(), null);
            count(key, -1);
            return true;
        }
        Set<String> answered = new HashSet<>(sent.eventIds());
        lookup.setTriggeringEventIds(new ArrayList<>(lookup.getTriggeringEventIds().stream().filter(id -> !answered.contains(id)).toList()));
        lookup.setChangeOccurredAt(lookup.getLatestChangeOccurredAt());
        lookup.setPendingSince(now);
        lookup.setAttempts(0);
        lookup.setFirstFailedAt(null);
        lookup.setNotBefore(0L);
        store.put(key.toString(), lookup);
        index.addWaiting(key, now);
        return false;
    }

    /** A transient failure that counts as an attempt: remembered in the store, tried again after {@code notBefore}. */
    void retryAfter(AssociationKey key, PendingLookup lookup, FailureDetail detail, long notBefore) {
        lookup.setAttempts(lookup.getAttempts() + 1);
        lookup.setLastError(detail.message());
        lookup.setLastHttpStatus(detail.httpStatus());
        lookup.setNotBefore(notBefore);
        store.put(key.toString(), lookup);
        index.backOff(key, notBefore);
    }

    /**
     * No attempt is counted. A wait for a permit (half-open circuit, pacing backlog) stays in memory: writing every id
     * to the changelogged store on each tick would flood the changelog while nothing changes. Only a long wait (daily
     * limit, a long Retry-After) is kept in the store, so a restart does not call the portal before it reopens.
     */
    void defer(AssociationKey key, PendingLookup lookup, long until, long now) {
        index.backOff(key, until);
        if (until - now >= PERSISTED_DEFERRAL_MS && lookup.getNotBefore() < until) {
            lookup.setNotBefore(until);
            store.put(key.toString(), lookup);
        }
    }

    /** The task closes: its ids leave this instance's gauges (they stay in the store for the next owner). */
    void close() {
        pendingByGroup.forEach((group, count) -> metrics.pendingDelta(group.portalId(), group.fromObjectType(), group.toObjectType(), -count));
        pendingByGroup.clear();
    }

    /** How many groups this task counts pending ids of: it falls back to 0 when nothing is pending. */
    int groupsWithPendingIds() {
        return pendingByGroup.size();
    }

    private void count(AssociationKey key, long delta) {
        GroupKey group = GroupKey.of(key);
        // A group whose count falls to 0 is dropped: portal ids come from the input, so the map must not keep them all.
        pendingByGroup.merge(group, delta, (count, change) -> count + change == 0 ? null : count + change);
        metrics.pendingDelta(group.portalId(), group.fromObjectType(), group.toObjectType(), delta);
    }

    private static List<String> appendCapped(List<String> ids, String id) {
        List<String> copy = new ArrayList<>(ids);
        copy.remove(id);
        copy.add(id);
        return copy.size() > MAX_EVENT_IDS ? new ArrayList<>(copy.subList(copy.size() - MAX_EVENT_IDS, copy.size())) : copy;
    }

    static long nullToZero(Long value) {
        return value == null ? 0L : value;
    }
}
