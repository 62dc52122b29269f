package com.associationenricher.batching;

import com.associationenricher.hubspot.BatchReadRequest;
import java.util.List;
import java.util.Map;

/**
 * A batch/read call on its way, with the version of each id's pending entry at the time it was sent, so the answer can
 * tell whether the object changed (look up again) or was deleted (discard) meanwhile.
 */
record InFlightBatch(BatchReadRequest request, Map<String, Sent> sent, FlushReason flushReason) {

    /** The pending entry of one id as it was when the call was sent. */
    record Sent(long lineage, int version, List<String> eventIds) {
    }

    GroupKey group() {
        return new GroupKey(request.portalId(), request.fromObjectType(), request.toObjectType());
    }
}
