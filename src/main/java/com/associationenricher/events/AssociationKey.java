package com.associationenricher.events;

/**
 * Key of the output and dead-letter topics and of the pending-lookup store: {@code portalId:fromObjectType:objectId:toObjectType}.
 * One key is one row of the compacted association table.
 */
public record AssociationKey(long portalId, String fromObjectType, String objectId, String toObjectType) {

    @Override
    public String toString() {
        return portalId + ":" + fromObjectType + ":" + objectId + ":" + toObjectType;
    }

    public static AssociationKey parse(String key) {
        String[] parts = key.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("association key must be portalId:fromObjectType:objectId:toObjectType, got '" + key + "'");
        }
        return new AssociationKey(Long.parseLong(parts[0]), parts[1], parts[2], parts[3]);
    }
}
