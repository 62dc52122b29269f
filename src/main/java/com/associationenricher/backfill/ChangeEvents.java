package com.associationenricher.backfill;

import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.time.Instant;

/**
 * The change events backfill and reconcile write: a plain refresh ({@code UPDATED}) so every configured pair of the
 * object is looked up, or a {@code DELETED} for an object found in the recycle bin. {@code changeSource} says who
 * wrote it ({@value #BACKFILL}, {@value #RECONCILE}); {@code occurredAt} is when HubSpot listed the object (or when
 * the table was read), so a live change that happened after it always wins.
 */
public final class ChangeEvents {

    public static final String BACKFILL = "BACKFILL";
    public static final String RECONCILE = "RECONCILE";

    private ChangeEvents() {
    }

    public static CrmObjectChangeEvent refresh(String source, long portalId, String objectType, String objectId, Instant at) {
        return event(source, ChangeType.UPDATED, portalId, objectType, objectId, at);
    }

    public static CrmObjectChangeEvent deleted(String source, long portalId, String objectType, String objectId, Instant at) {
        return event(source, ChangeType.DELETED, portalId, objectType, objectId, at);
    }

    /** The input key: every event of one object lands in one partition. */
    public static String key(CrmObjectChangeEvent event) {
        return event.getPortalId() + ":" + event.getObjectType() + ":" + event.getObjectId();
    }

    private static CrmObjectChangeEvent event(String source, ChangeType type, long portalId, String objectType,
            String objectId, Instant at) {
        return CrmObjectChangeEvent.newBuilder()
                .setEventId(source.toLowerCase(java.util.Locale.ROOT) + "-" + portalId + "-" + objectType + "-" + objectId
                        + "-" + at.toEpochMilli())
                .setPortalId(portalId)
                .setObjectType(objectType)
                .setObjectId(objectId)
                .setChangeType(type)
                .setOccurredAt(at)
                .setChangeSource(source)
                .build();
    }
}
