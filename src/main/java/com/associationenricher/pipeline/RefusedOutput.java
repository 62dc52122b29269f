package com.associationenricher.pipeline;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.DeadLetterReason;
import java.time.Instant;

/**
 * The dead letter of an association event that could not be written, found from its output key
 * ({@code portalId:fromObjectType:fromObjectId:toObjectType}), so {@code dlq replay} can look the object up again once
 * the cause (a record limit) is fixed.
 */
final class RefusedOutput {
    private RefusedOutput() {
    }

    static AssociationDeadLetter deadLetter(String outputKey, String message, long now) {
        AssociationDeadLetter.Builder builder = AssociationDeadLetter.newBuilder()
                .setReason(DeadLetterReason.OUTPUT_REJECTED)
                .setMessage(message)
                .setAttempts(1)
                .setFirstFailedAt(Instant.ofEpochMilli(now))
                .setLastFailedAt(Instant.ofEpochMilli(now));
        String[] parts = outputKey == null ? new String[0] : outputKey.split(":", -1);
        if (parts.length == 4) {
            try {
                builder.setPortalId(Long.parseLong(parts[0]));
            } catch (NumberFormatException e) {
                // Not one of ours; the message and the other fields still say what failed.
            }
            builder.setFromObjectType(parts[1]).setObjectId(parts[2]).setToObjectType(parts[3]);
        }
        return builder.build();
    }
}
