package com.associationenricher.tools.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The objects that exist in the simulated portals before anything changes, and what happens to them behind the
 * enricher's back: associations replaced and objects deleted without any change event (a missed webhook). Objects
 * are listed by the list endpoints in id order; a deleted object moves to the recycle bin ({@code archived=true})
 * and has no associations any more. An association never overridden is {@link AssociationTruth}'s, so batch/read
 * answers always agree with this universe. Types are stored in singular form, so {@code contacts} and {@code 0-1}
 * are one type. Thread-safe: tests change it while the simulator serves.
 */
public final class ObjectUniverse {

    private final Map<String, NavigableSet<Long>> live = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Long>> archived = new ConcurrentHashMap<>();
    private final Map<String, List<TrueAssociation>> overrides = new ConcurrentHashMap<>();

    /** {@code count} objects of {@code objectType} with ids {@code firstId, firstId+1, ...}; returns their ids. */
    public List<String> seed(long portalId, String objectType, long firstId, int count) {
        NavigableSet<Long> ids = live.computeIfAbsent(key(portalId, objectType), k -> new ConcurrentSkipListSet<>());
        List<String> added = new ArrayList<>(count);
        for (long id = firstId; id < firstId + count; id++) {
            ids.add(id);
            added.add(Long.toString(id));
        }
        return added;
    }

    /** Deletes the object without an event: gone from the live list, in the recycle bin, no associations. */
    public void delete(long portalId, String objectType, String objectId) {
        long id = Long.parseLong(objectId);
        NavigableSet<Long> ids = live.get(key(portalId, objectType));
        if (ids == null || !ids.remove(id)) {
            throw new IllegalArgumentException("no live " + objectType + " " + objectId + " in portal " + portalId);
        }
        archived.computeIfAbsent(key(portalId, objectType), k -> new ConcurrentSkipListSet<>()).add(id);
    }

    /** Replaces the object's associations toward {@code toType}, without an event. */
    public void setAssociations(long portalId, String fromType, String objectId, String toType,
            List<TrueAssociation> associations) {
        overrides.put(key(portalId, fromType) + "|" + objectId + "|" + ObjectTypes.singular(toType), List.copyOf(associations));
    }

    /** The object's associations now: empty when deleted, the override when set, otherwise {@link AssociationTruth}. */
    public List<TrueAssociation> associations(long portalId, String fromType, String objectId, String toType) {
        if (isArchived(portalId, fromType, objectId)) {
            return List.of();
        }
        List<TrueAssociation> override = overrides.get(key(portalId, fromType) + "|" + objectId + "|" + ObjectTypes.singular(toType));
        return override != null ? override : AssociationTruth.associations(portalId, fromType, objectId, toType);
    }

    /** Live (or, with {@code recycleBin}, deleted) ids of a type, in the order the list endpoint pages them. */
    public List<Long> ids(long portalId, String objectType, boolean recycleBin) {
        return List.copyOf(view(portalId, objectType, recycleBin));
    }

    NavigableSet<Long> view(long portalId, String objectType, boolean recycleBin) {
        NavigableSet<Long> ids = (recycleBin ? archived : live).get(key(portalId, objectType));
        return ids == null ? new ConcurrentSkipListSet<>() : ids;
    }

    private boolean isArchived(long portalId, String objectType, String objectId) {
        NavigableSet<Long> ids = archived.get(key(portalId, objectType));
        if (ids == null || ids.isEmpty()) {
            return false;
        }
        try {
            return ids.contains(Long.parseLong(objectId));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String key(long portalId, String objectType) {
        return portalId + "|" + ObjectTypes.singular(objectType);
    }
}
