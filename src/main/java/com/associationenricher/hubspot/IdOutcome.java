package com.associationenricher.hubspot;

import java.time.Instant;
import java.util.List;

/** What happened to one object id of a batch/read call. */
public sealed interface IdOutcome {

    /** HubSpot answered: the object's associations (empty for NO_ASSOCIATIONS_FOUND). */
    record Found(List<FoundAssociation> associations, boolean complete, String apiVersion) implements IdOutcome {
        public Found {
            associations = List.copyOf(associations);
        }
    }

    /** A permanent failure for this id: it becomes a dead letter now. */
    record Failed(FailureDetail detail) implements IdOutcome {
    }

    /** A transient failure: the id stays pending and is tried again; it counts as an attempt. */
    record Transient(FailureDetail detail) implements IdOutcome {
    }

    /**
     * HubSpot cannot serve the portal until {@code until} (daily limit, open circuit, long Retry-After): the id stays
     * pending, no attempt is counted, and the portal is not called again before then.
     */
    record Deferred(Instant until, FailureDetail detail) implements IdOutcome {
    }
}
