package com.associationenricher.batching;

import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import java.util.List;
import java.util.Map;

/**
 * A batch/read call on its way, with the version of each id's pending entry at the time it was sent, so the answer can
 * tell whether the object changed (look up again) or was deleted (discard) meanwhile, and the generation (life of the
 * task's processor) it was sent in.
 */
record InFlightBatch(BatchReadRequest request, Map<String, Sent> sent, String flushReason, int generation) {

    /** The pending entry of one id as it was when the call was sent. */
    record Sent(long lineage, int version, List<String> eventIds) {
    }

    /** HubSpot's answer (or the failure of the call), handed from the HTTP thread to the stream thread. */
    record Answer(InFlightBatch batch, BatchReadResult result, Throwable failure) {
    }
}
