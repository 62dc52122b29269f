package com.associationenricher.backfill;

import com.associationenricher.dlq.ToolClients;
import com.associationenricher.dlq.TopicSnapshotReader;
import com.associationenricher.events.AssociationKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The objects the association table holds: read from the compacted output topic (read_committed, up to its end
 * offsets at the start of the read), a key counting while its latest record is not a tombstone. Only the keys are
 * kept: one {@code portalId:objectType:objectId} per object, with how many of its pairs are held.
 */
final class HeldObjects {

    private final Map<String, Set<String>> pairsByObject;

    private HeldObjects(Map<String, Set<String>> pairsByObject) {
        this.pairsByObject = pairsByObject;
    }

    static HeldObjects read(ToolClients clients, String outputTopic) {
        Map<String, Set<String>> pairs = new HashMap<>();
        try (TopicSnapshotReader reader = new TopicSnapshotReader(clients, outputTopic)) {
            reader.read(null, record -> {
                if (record.key() == null) {
                    return true;
                }
                AssociationKey key;
                try {
                    key = AssociationKey.parse(new String(record.key(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return true; // not a key of ours; the table is the enricher's, never this tool's to judge
                }
                String object = object(key.portalId(), key.fromObjectType(), key.objectId());
                if (record.value() == null) {
                    Set<String> held = pairs.get(object);
                    if (held != null && held.remove(key.toObjectType()) && held.isEmpty()) {
                        pairs.remove(object);
                    }
                } else {
                    pairs.computeIfAbsent(object, o -> new HashSet<>(2)).add(key.toObjectType());
                }
                return true;
            });
        }
        return new HeldObjects(pairs);
    }

    static String object(long portalId, String objectType, String objectId) {
        return portalId + ":" + objectType + ":" + objectId;
    }

    boolean holds(long portalId, String objectType, String objectId) {
        return pairsByObject.containsKey(object(portalId, objectType, objectId));
    }

    /** Forgets an object (its DELETED event is written): it is not refreshed afterwards. */
    void forget(long portalId, String objectType, String objectId) {
        pairsByObject.remove(object(portalId, objectType, objectId));
    }

    /** The held objects' ids of one portal and type. */
    Set<String> idsOf(long portalId, String objectType) {
        String prefix = portalId + ":" + objectType + ":";
        Set<String> ids = new HashSet<>();
        pairsByObject.keySet().forEach(object -> {
            if (object.startsWith(prefix)) {
                ids.add(object.substring(prefix.length()));
            }
        });
        return ids;
    }

    int size() {
        return pairsByObject.size();
    }
}
