package com.associationenricher.hubspot;

import java.util.List;

/** One batch/read call: the associations of up to 1,000 ids of one portal, from one object type toward another. */
public record BatchReadRequest(long portalId, String fromObjectType, String toObjectType, List<String> objectIds) {
    public BatchReadRequest {
        objectIds = List.copyOf(objectIds);
    }
}
