package com.associationenricher.events;

import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.events.avro.PendingLookup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated instance of each generated record type, for serde and broker tests. */
public final class SampleRecords {

    private SampleRecords() {
    }

    public static CrmObjectChangeEvent changeEvent() {
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e1")
                .setPortalId(42)
                .setObjectType("contacts")
                .setObjectId("101")
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(Instant.ofEpochMilli(1000))
                .setPropertyName("email")
                .build();
    }

    public static AssociationEvent associationEvent(String fromObjectId) {
        return AssociationEvent.newBuilder()
                .setPortalId(42)
                .setFromObjectType("contacts")
                .setFromObjectId(fromObjectId)
                .setToObjectType("companies")
                .setAssociations(List.of(
                        Association.newBuilder().setToObjectId("9001").setAssociationType("contact_to_company").build(),
                        Association.newBuilder().setToObjectId("9002").setTypeId(279).setCategory("HUBSPOT_DEFINED").setLabel("Primary").build()))
                .setComplete(true)
                .setFetchedAt(Instant.parse("2026-01-02T03:04:05.678Z"))
                .setApiVersion("v4")
                .setTriggeringEventIds(List.of("e1", "e2"))
                .setChangeOccurredAt(Instant.parse("2026-01-02T03:04:00Z"))
                .build();
    }

    public static AssociationDeadLetter deadLetter() {
        return AssociationDeadLetter.newBuilder()
                .setReason(DeadLetterReason.MISSING_SCOPES)
                .setPortalId(42L)
                .setFromObjectType("contacts")
                .setToObjectType("companies")
                .setObjectId("101")
                .setHttpStatus(403)
                .setCategory("MISSING_SCOPES")
                .setMessage("This app hasn't been granted all required scopes")
                .setContext(Map.of("requiredGranularScopes", List.of("crm.objects.companies.read")))
                .setMissingScopes(List.of("crm.objects.companies.read"))
                .setAttempts(1)
                .setFirstFailedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setLastFailedAt(Instant.ofEpochMilli(1_700_000_000_500L))
                .setTriggeringEventIds(List.of("e1"))
                .setRawValue(ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    public static PendingLookup pendingLookup() {
        return PendingLookup.newBuilder()
                .setPortalId(42)
                .setFromObjectType("contacts")
                .setObjectId("101")
                .setToObjectType("companies")
                .setLineage(-7L)
                .setVersion(3)
                .setPendingSince(1_700_000_000_000L)
                .setChangeOccurredAt(1_699_999_999_000L)
                .setTriggeringEventIds(List.of("e1", "e2", "e3"))
                .setAttempts(2)
                .setLastError("HTTP 429")
                .setLastHttpStatus(429)
                .setNotBefore(1_700_000_001_000L)
                .build();
    }
}
