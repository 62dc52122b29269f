package com.associationenricher.dlq;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Dead letters as the enricher writes them, for tests. */
public final class DeadLetters {
    public static final Instant FAILED_AT = Instant.parse("2026-05-01T10:00:00Z");

    private DeadLetters() {
    }

    /** A failed lookup of {@code portal:from:id} toward {@code to}. */
    public static AssociationDeadLetter lookup(DeadLetterReason reason, long portal, String from, String id, String to) {
        AssociationDeadLetter.Builder builder = AssociationDeadLetter.newBuilder()
                .setReason(reason)
                .setPortalId(portal)
                .setFromObjectType(from)
                .setObjectId(id)
                .setToObjectType(to)
                .setAttempts(1)
                .setFirstFailedAt(FAILED_AT)
                .setLastFailedAt(FAILED_AT)
                .setTriggeringEventIds(List.of("evt-" + id));
        if (reason == DeadLetterReason.MISSING_SCOPES) {
            builder.setHttpStatus(403).setCategory("MISSING_SCOPES")
                    .setMessage("This app hasn't been granted all required scopes to make this call.")
                    .setMissingScopes(List.of("crm.objects." + to + ".read"));
        } else if (reason == DeadLetterReason.OBJECT_ERROR) {
            builder.setHttpStatus(207).setCategory("OBJECT_NOT_FOUND").setMessage("Object not found, objectId=" + id);
        }
        return builder.build();
    }

    /** Input the intake rejected, with its raw bytes. */
    public static AssociationDeadLetter rejectedInput(DeadLetterReason reason, String sourceTopic, int partition, long offset,
                                                      String rawKey, String rawValue) {
        return AssociationDeadLetter.newBuilder()
                .setReason(reason)
                .setMessage("portalId is missing")
                .setFirstFailedAt(FAILED_AT)
                .setLastFailedAt(FAILED_AT)
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setRawKey(rawKey == null ? null : ByteBuffer.wrap(rawKey.getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap(rawValue.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** As read from partition {@code partition} at {@code offset} of topic "dlq". */
    public static DeadLetterRecord at(int partition, long offset, Instant timestamp, AssociationDeadLetter deadLetter) {
        return new DeadLetterRecord("dlq", partition, offset, timestamp, "key-" + offset, deadLetter, new byte[0]);
    }
}
