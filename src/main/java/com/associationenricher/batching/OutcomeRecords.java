package com.associationenricher.batching;

import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.FoundAssociation;
import com.associationenricher.hubspot.IdOutcome;
import java.time.Instant;
import java.util.List;

/** Builds the output records of one pending lookup from HubSpot's answer. */
final class OutcomeRecords {
    private OutcomeRecords() {
    }

    /**
     * @param answeredEventIds the change events the call was made for: events that arrived while it was in flight are
     *                         answered by the next lookup, so no event is named by two association events
     */
    static AssociationEvent associationEvent(PendingLookup lookup, IdOutcome.Found found, List<String> answeredEventIds, long now) {
        List<Association> associations = found.associations().stream().map(OutcomeRecords::association).toList();
        return AssociationEvent.newBuilder()
                .setPortalId(lookup.getPortalId())
                .setFromObjectType(lookup.getFromObjectType())
                .setFromObjectId(lookup.getObjectId())
                .setToObjectType(lookup.getToObjectType())
                .setAssociations(associations)
                .setComplete(found.complete())
                .setFetchedAt(Instant.ofEpochMilli(now))
                .setApiVersion(found.apiVersion())
                .setTriggeringEventIds(List.copyOf(answeredEventIds))
                .setChangeOccurredAt(lookup.getChangeOccurredAt() == null ? null : Instant.ofEpochMilli(lookup.getChangeOccurredAt()))
                .build();
    }

    static AssociationDeadLetter deadLetter(PendingLookup lookup, List<String> answeredEventIds, FailureDetail detail,
                                            DeadLetterReason reason, long now) {
        long firstFailed = lookup.getFirstFailedAt() == null ? now : lookup.getFirstFailedAt();
        return AssociationDeadLetter.newBuilder()
                .setReason(reason)
                .setPortalId(lookup.getPortalId())
                .setFromObjectType(lookup.getFromObjectType())
                .setToObjectType(lookup.getToObjectType())
                .setObjectId(lookup.getObjectId())
                .setHttpStatus(detail.httpStatus())
                .setCategory(detail.category())
                .setSubCategory(detail.subCategory())
                .setMessage(detail.message())
                .setContext(detail.context())
                .setMissingScopes(detail.missingScopes())
                .setAttempts(lookup.getAttempts() + 1)
                .setFirstFailedAt(Instant.ofEpochMilli(firstFailed))
                .setLastFailedAt(Instant.ofEpochMilli(now))
                .setTriggeringEventIds(List.copyOf(answeredEventIds))
                .build();
    }

    private static Association association(FoundAssociation found) {
        return Association.newBuilder()
                .setToObjectId(found.toObjectId())
                .setAssociationType(found.associationType())
                .setTypeId(found.typeId())
                .setCategory(found.category())
                .setLabel(found.label())
                .build();
    }
}
