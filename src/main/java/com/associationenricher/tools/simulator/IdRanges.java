package com.associationenricher.tools.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of object ids kept as disjoint ranges, so a million seeded ids cost a few bytes instead of a skip-list node
 * and a boxed Long each (about 100 MB per million): seeding adds one range, a deletion splits one. Thread-safe.
 */
final class IdRanges {

    /** Range start to end (exclusive), disjoint and never adjacent. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long size;

    synchronized void addRange(long first, long count) {
        for (long id = first; id < first + count; ) {
            Map.Entry<Long, Long> covering = ranges.floorEntry(id);
            if (covering != null && covering.getValue() > id) {
                id = covering.getValue();
                continue;
            }
            Long nextStart = ranges.ceilingKey(id);
            long end = Math.min(first + count, nextStart == null ? Long.MAX_VALUE : nextStart);
            insert(id, end);
            id = end;
        }
    }

    synchronized void add(long id) {
        if (!contains(id)) {
            insert(id, id + 1);
        }
    }

    /** Inserts the uncovered range [start, end), merging it with adjacent neighbours. */
    private void insert(long start, long end) {
        size += end - start;
        Map.Entry<Long, Long> before = ranges.lowerEntry(start);
        if (before != null && before.getValue() == start) {
            start = before.getKey();
        }
        Long after = ranges.get(end);
        if (after != null) {
            ranges.remove(end);
            end = after;
        }
        ranges.put(start, end);
    }

    synchronized boolean remove(long id) {
        Map.Entry<Long, Long> covering = ranges.floorEntry(id);
        if (covering == null || covering.getValue() <= id) {
            return false;
        }
        ranges.remove(covering.getKey());
        if (covering.getKey() < id) {
            ranges.put(covering.getKey(), id);
        }
        if (id + 1 < covering.getValue()) {
            ranges.put(id + 1, covering.getValue());
        }
        size--;
        return true;
    }

    synchronized boolean contains(long id) {
        Map.Entry<Long, Long> covering = ranges.floorEntry(id);
        return covering != null && covering.getValue() > id;
    }

    synchronized long size() {
        return size;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The first {@code limit} ids from {@code from} on (inclusive), in order. */
    synchronized List<Long> from(long from, int limit) {
        List<Long> ids = new ArrayList<>(Math.min(limit, 1_000));
        Map.Entry<Long, Long> covering = ranges.floorEntry(from);
        long id = covering != null && covering.getValue() > from ? from : Long.MIN_VALUE;
        if (id == Long.MIN_VALUE) {
            Long next = ranges.ceilingKey(from);
            if (next == null) {
                return ids;
            }
            id = next;
        }
        while (ids.size() < limit) {
            Map.Entry<Long, Long> range = ranges.floorEntry(id);
            for (; id < range.getValue() && ids.size() < limit; id++) {
                ids.add(id);
            }
            if (ids.size() < limit) {
                Long next = ranges.higherKey(range.getKey());
                if (next == null) {
                    break;
                }
                id = next;
            }
        }
        return ids;
    }
}
