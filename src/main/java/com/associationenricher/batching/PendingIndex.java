package com.associationenricher.batching;

import com.associationenricher.events.AssociationKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The batching processor's in-memory view of its pending-lookup store: which ids wait for a call (per group, oldest
 * first), which are in flight, and which back off until a time. It is derived state: rebuilt from the store when a
 * task starts, so it never needs a changelog of its own. Only the stream thread touches it.
 *
 * <p>Two classes of waiting ids ({@link LookupClass}): LIVE ones are taken first, whenever one is due; BULK ones
 * (backfill, reconcile) fill the rest of a LIVE batch and get the slots LIVE ids leave free.
 */
final class PendingIndex {

    /** One batch ready to be sent, and why it was flushed. */
    record ReadyBatch(GroupKey group, List<String> objectIds, FlushReason reason) {
    }

    private record Backoff(long notBefore, AssociationKey key) {
    }

    private static final class Group {
        final LinkedHashMap<String, Long> waiting = new LinkedHashMap<>();
        final LinkedHashMap<String, Long> bulk = new LinkedHashMap<>();
        final Set<String> inFlight = new HashSet<>();

        boolean isEmpty() {
            return waiting.isEmpty() && bulk.isEmpty() && inFlight.isEmpty();
        }
    }

    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private final Map<AssociationKey, Long> backingOff = new HashMap<>();
    private final PriorityQueue<Backoff> backoffQueue = new PriorityQueue<>((a, b) -> Long.compare(a.notBefore, b.notBefore));

    /** Queues the id for the next call of its group unless it is already known (waiting, in flight or backing off). */
    void addWaiting(AssociationKey key, long pendingSince) {
        addWaiting(key, pendingSince, LookupClass.LIVE);
    }

    /** As {@link #addWaiting(AssociationKey, long)} in a class; a LIVE add of a BULK waiting id makes it LIVE. */
    void addWaiting(AssociationKey key, long pendingSince, LookupClass lookupClass) {
        if (backingOff.containsKey(key)) {
            return;
        }
        Group group = groups.computeIfAbsent(GroupKey.of(key), g -> new Group());
        String id = key.objectId();
        if (group.inFlight.contains(id) || group.waiting.containsKey(id)) {
            return;
        }
        if (lookupClass == LookupClass.BULK) {
            group.bulk.putIfAbsent(id, pendingSince);
        } else {
            group.bulk.remove(id);
            group.waiting.put(id, pendingSince);
        }
    }

    boolean isKnown(AssociationKey key) {
        Group group = groups.get(GroupKey.of(key));
        return backingOff.containsKey(key)
                || (group != null && (group.waiting.containsKey(key.objectId()) || group.bulk.containsKey(key.objectId())
                        || group.inFlight.contains(key.objectId())));
    }

    boolean isInFlight(AssociationKey key) {
        Group group = groups.get(GroupKey.of(key));
        return group != null && group.inFlight.contains(key.objectId());
    }

    /** Forgets a waiting or backing-off id (deleted or merged away). An in-flight id stays in flight until answered. */
    void remove(AssociationKey key) {
        backingOff.remove(key);
        Group group = groups.get(GroupKey.of(key));
        if (group != null) {
            group.waiting.remove(key.objectId());
            group.bulk.remove(key.objectId());
            dropIfEmpty(GroupKey.of(key), group);
        }
    }

    void answered(AssociationKey key) {
        Group group = groups.get(GroupKey.of(key));
        if (group != null) {
            group.inFlight.remove(key.objectId());
            dropIfEmpty(GroupKey.of(key), group);
        }
    }

    void backOff(AssociationKey key, long notBefore) {
        remove(key);
        backingOff.put(key, notBefore);
        backoffQueue.add(new Backoff(notBefore, key));
    }

    /** Moves ids whose backoff has ended back to the waiting queue of their group. */
    void releaseDueBackoffs(long now) {
        while (!backoffQueue.isEmpty() && backoffQueue.peek().notBefore <= now) {
            Backoff due = backoffQueue.poll();
            Long current = backingOff.get(due.key);
            if (current != null && current == due.notBefore) {
                backingOff.remove(due.key);
                // It has waited its backoff already: due at once, not after another max-wait.
                addWaiting(due.key, 0L);
            }
        }
    }

    /**
     * Takes the batches that are due, LIVE before BULK, oldest group first: a group is due when it has {@code maxIds}
     * waiting ids of a class (flush reason SIZE) or its oldest waiting id of that class is older than
     * {@code maxWaitMs} (TIME). Every batch takes the group's LIVE ids first, then BULK ones up to {@code maxIds}.
     * Taken ids are marked in flight.
     */
    List<ReadyBatch> takeReady(long now, int maxIds, long maxWaitMs, int slots, LongPredicate portalPaused) {
        List<ReadyBatch> ready = new ArrayList<>();
        List<GroupKey> flushed = new ArrayList<>();
        for (LookupClass lookupClass : LookupClass.values()) {
            for (Map.Entry<GroupKey, Group> entry : groups.entrySet()) {
                if (ready.size() >= slots) {
                    break;
                }
                GroupKey key = entry.getKey();
                Group group = entry.getValue();
                if (portalPaused.test(key.portalId())) {
                    continue;
                }
                LinkedHashMap<String, Long> queue = lookupClass == LookupClass.LIVE ? group.waiting : group.bulk;
                while (ready.size() < slots && !queue.isEmpty()) {
                    boolean full = queue.size() >= maxIds;
                    long oldest = queue.values().iterator().next();
                    if (!full && now - oldest < maxWaitMs) {
                        break;
                    }
                    // Whichever class made the group due, its LIVE ids go first and BULK ones fill the call.
                    List<String> ids = take(group, group.waiting, maxIds);
                    ids.addAll(take(group, group.bulk, maxIds - ids.size()));
                    ready.add(new ReadyBatch(key, ids, full ? FlushReason.SIZE : FlushReason.TIME));
                    flushed.add(key);
                }
            }
        }
        // Round robin: groups just served go to the back, so a busy group cannot starve the others.
        for (GroupKey key : flushed) {
            Group group = groups.remove(key);
            if (group != null) {
                groups.put(key, group);
            }
        }
        return ready;
    }

    /**
     * Late binding: the permits each portal needs now, one per {@code maxIds} waiting ids of each due group (full, or
     * its oldest id older than {@code maxWaitMs}, or with any id waiting when {@code atBacklogEnd} says this task sends
     * it, or full together with the instance's other tasks as {@code elsewhere} says, which then join the call). The
     * ids are chosen only when a permit is granted ({@link #takeGranted}).
     */
    Map<Long, Integer> permitDemand(long now, int maxIds, long maxWaitMs, BacklogEndSend atBacklogEnd,
                                    LongPredicate portalPaused, SharedFill elsewhere) {
        Map<Long, Integer> demand = new LinkedHashMap<>();
        groups.forEach((key, group) -> {
            if (!portalPaused.test(key.portalId())
                    && (isDue(group, now, maxIds, maxWaitMs) || sendsAtBacklogEnd(key, group, atBacklogEnd)
                        || fullWithOthers(key, group, maxIds, elsewhere))) {
                demand.merge(key.portalId(), (group.waiting.size() + group.bulk.size() + maxIds - 1) / maxIds, Integer::sum);
            }
        });
        return demand;
    }

    /**
     * A permit of {@code portal} was granted: up to {@code maxIds} of the ids waiting now in its first due group (then
     * sent to the back, round robin; due as in {@link #permitDemand}), marked in flight; null when none of its groups is
     * due any more.
     */
    ReadyBatch takeGranted(long portal, long now, int maxIds, long maxWaitMs, BacklogEndSend atBacklogEnd,
                           SharedFill elsewhere) {
        // A group due by its LIVE ids first, then one due by BULK ids; either way LIVE ids go first, BULK ones fill.
        for (LookupClass lookupClass : LookupClass.values()) {
            for (Map.Entry<GroupKey, Group> entry : groups.entrySet()) {
                GroupKey key = entry.getKey();
                Group group = entry.getValue();
                LinkedHashMap<String, Long> queue = lookupClass == LookupClass.LIVE ? group.waiting : group.bulk;
                if (key.portalId() != portal || queue.isEmpty()) {
                    continue;
                }
                boolean due = isDue(queue, now, maxIds, maxWaitMs);
                boolean atEnd = !due && sendsAtBacklogEnd(key, group, atBacklogEnd);
                boolean withOthers = !due && !atEnd && fullWithOthers(key, group, maxIds, elsewhere);
                if (due || atEnd || withOthers) {
                    FlushReason reason = atEnd ? FlushReason.BACKLOG_END : withOthers ? FlushReason.SHARED_SIZE
                            : queue.size() >= maxIds ? FlushReason.SIZE : FlushReason.TIME;
                    ReadyBatch batch = new ReadyBatch(key, takeBoth(group, maxIds), reason);
                    groups.remove(key);
                    groups.put(key, group);
                    return batch;
                }
            }
        }
        return null;
    }

    /** Up to {@code maxIds} of the ids waiting in {@code group}, due or not, marked in flight (to join a shared call). */
    ReadyBatch takeFrom(GroupKey key, int maxIds) {
        Group group = groups.get(key);
        if (group == null || group.waiting.isEmpty() && group.bulk.isEmpty()) {
            return null;
        }
        return new ReadyBatch(key, takeBoth(group, maxIds), FlushReason.TIME);
    }

    /** The groups with ids waiting, and how many (of both classes) wait in each. */
    Map<GroupKey, Integer> waitingCounts() {
        Map<GroupKey, Integer> waiting = new HashMap<>();
        groups.forEach((key, group) -> {
            int count = group.waiting.size() + group.bulk.size();
            if (count > 0) {
                waiting.put(key, count);
            }
        });
        return waiting;
    }

    /** Whether a group's ids waiting here fill a call together with those waiting in the instance's other tasks. */
    @FunctionalInterface
    interface SharedFill {
        boolean fillsCallTogether(GroupKey group, int waitingHere, int maxIds);
    }

    private static boolean sendsAtBacklogEnd(GroupKey key, Group group, BacklogEndSend atBacklogEnd) {
        int waiting = group.waiting.size() + group.bulk.size();
        return waiting > 0 && atBacklogEnd.sendsNow(key, waiting);
    }

    private static boolean fullWithOthers(GroupKey key, Group group, int maxIds, SharedFill elsewhere) {
        return elsewhere.fillsCallTogether(key, group.waiting.size() + group.bulk.size(), maxIds);
    }

    private static List<String> takeBoth(Group group, int maxIds) {
        List<String> ids = take(group, group.waiting, maxIds);
        ids.addAll(take(group, group.bulk, maxIds - ids.size()));
        return ids;
    }

    private static boolean isDue(Group group, long now, int maxIds, long maxWaitMs) {
        return isDue(group.waiting, now, maxIds, maxWaitMs) || isDue(group.bulk, now, maxIds, maxWaitMs);
    }

    private static boolean isDue(LinkedHashMap<String, Long> queue, long now, int maxIds, long maxWaitMs) {
        return !queue.isEmpty() && (queue.size() >= maxIds || now - queue.values().iterator().next() >= maxWaitMs);
    }

    int waitingCount() {
        return waitingCount(LookupClass.LIVE) + waitingCount(LookupClass.BULK);
    }

    int waitingCount(LookupClass lookupClass) {
        // A plain loop: this runs for every record (PendingClassGauge), where a stream pipeline's allocations showed
        // in the profile (about 2 % of the stream thread in the cpu_bound bench).
        int count = 0;
        for (Group group : groups.values()) {
            count += (lookupClass == LookupClass.LIVE ? group.waiting : group.bulk).size();
        }
        return count;
    }

    private static List<String> take(Group group, LinkedHashMap<String, Long> queue, int maxIds) {
        List<String> ids = new ArrayList<>(Math.max(0, Math.min(maxIds, queue.size())));
        Iterator<String> it = queue.keySet().iterator();
        while (it.hasNext() && ids.size() < maxIds) {
            String id = it.next();
            it.remove();
            group.inFlight.add(id);
            ids.add(id);
        }
        return ids;
    }

    private void dropIfEmpty(GroupKey key, Group group) {
        if (group.isEmpty()) {
            groups.remove(key);
        }
    }
}
