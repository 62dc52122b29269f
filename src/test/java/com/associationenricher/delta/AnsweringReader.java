package com.associationenricher.delta;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.FoundAssociation;
import com.associationenricher.hubspot.IdOutcome;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in for HubSpot in TopologyTestDriver tests: answers at once from a truth the test edits between lookups,
 * so a test can add, remove or relabel an association and look again. An id without truth fails permanently.
 */
final class AnsweringReader implements AssociationsReader {
    final Map<String, List<FoundAssociation>> truth = new LinkedHashMap<>();
    /** Ids whose answer says more associations exist than were returned. */
    final Set<String> truncated = new HashSet<>();
    int calls;

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        calls++;
        Map<String, IdOutcome> outcomes = new LinkedHashMap<>();
        for (String id : request.objectIds()) {
            List<FoundAssociation> found = truth.get(id);
            outcomes.put(id, found == null
                    ? new IdOutcome.Failed(FailureDetail.of(DeadLetterReason.OBJECT_ERROR, 200, "no such object " + id))
                    : new IdOutcome.Found(found, !truncated.contains(id), "v3"));
        }
        return CompletableFuture.completedFuture(new BatchReadResult(outcomes));
    }
}
