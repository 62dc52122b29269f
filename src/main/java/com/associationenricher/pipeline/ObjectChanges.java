package com.associationenricher.pipeline;

import com.associationenricher.events.ChangeEventWriter;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a change into one change per object it touches, so that each reaches the task that owns that object after the
 * repartition by object: an association change also concerns the object at its other end (looked up too, so an
 * association added later is never missed), and a merge removes the merged-away ids (handled as their deletion).
 */
public final class ObjectChanges {
    private ObjectChanges() {
    }

    public static List<CrmObjectChangeEvent> split(CrmObjectChangeEvent event) {
        List<CrmObjectChangeEvent> changes = new ArrayList<>();
        changes.add(event);
        if (event.getChangeType() == ChangeType.ASSOCIATION_CHANGED && event.getToObjectType() != null && event.getToObjectId() != null) {
            changes.add(CrmObjectChangeEvent.newBuilder(event)
                    .setObjectType(event.getToObjectType())
                    .setObjectId(event.getToObjectId())
                    .setToObjectType(event.getObjectType())
                    .setToObjectId(event.getObjectId())
                    .build());
        }
        if (event.getChangeType() == ChangeType.MERGED && event.getMergedObjectIds() != null) {
            event.getMergedObjectIds().stream()
                    .filter(id -> !id.equals(event.getObjectId()))
                    .distinct()
                    .forEach(id -> changes.add(CrmObjectChangeEvent.newBuilder(event)
                            .setObjectId(id)
                            .setChangeType(ChangeType.DELETED)
                            .setMergedObjectIds(null)
                            .build()));
        }
        return changes;
    }

    /** The repartition key: every event of one object meets in one task. */
    public static String objectKey(CrmObjectChangeEvent event) {
        return ChangeEventWriter.keyOf(event);
    }
}
