package com.associationenricher.batching;

import com.associationenricher.events.AssociationKey;

/** Ids of one group can share one batch/read call: same portal (token, budget) and same object-type pair. */
public record GroupKey(long portalId, String fromObjectType, String toObjectType) {

    public static GroupKey of(AssociationKey key) {
        return new GroupKey(key.portalId(), key.fromObjectType(), key.toObjectType());
    }

    public AssociationKey keyOf(String objectId) {
        return new AssociationKey(portalId, fromObjectType, objectId, toObjectType);
    }
}
