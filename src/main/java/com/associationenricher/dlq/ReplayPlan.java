package com.associationenricher.dlq;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns selected dead letters into the records to send. Dead letters of one object (same portal, type and id) become
 * ONE change event whatever their to-types: the enricher looks up every configured pair of a changed object anyway.
 * Rejected input is re-sent as its original bytes, once per distinct content, and only when asked to. What cannot be
 * replayed (a lookup dead letter without an object id, rejected input without its bytes or with truncated bytes) is
 * skipped and counted.
 */
final class ReplayPlan {

    static final Set<DeadLetterReason> INVALID_INPUT = Set.of(DeadLetterReason.INVALID_EVENT, DeadLetterReason.UNDECODABLE_EVENT);

    private final boolean includeInvalid;
    private final Instant occurredAt;
    private final Map<String, ReplayItem.ChangeEvent> changeEvents = new LinkedHashMap<>();
    private final Map<String, ReplayItem.RawInput> rawInputs = new LinkedHashMap<>();
    private final Map<DeadLetterReason, ReasonTally> byReason = new EnumMap<>(DeadLetterReason.class);
    private int selected;
    private int skippedInvalid;
    private int skippedIncomplete;

    ReplayPlan(boolean includeInvalid, Instant occurredAt) {
        this.includeInvalid = includeInvalid;
        this.occurredAt = occurredAt;
    }

    void offer(DeadLetterRecord record) {
        selected++;
        AssociationDeadLetter deadLetter = record.deadLetter();
        DeadLetterReason reason = deadLetter.getReason();
        boolean planned;
        if (INVALID_INPUT.contains(reason)) {
            if (!includeInvalid) {
                skippedInvalid++;
                byReason.merge(reason, new ReasonTally(1, 1), (old, one) -> old.plusSkipped());
                return;
            }
            planned = planRawInput(record);
        } else {
            planned = planChangeEvent(record);
        }
        if (planned) {
            byReason.merge(reason, new ReasonTally(1, 0), (old, one) -> old.plusSelected());
        } else {
            skippedIncomplete++;
            byReason.merge(reason, new ReasonTally(1, 1), (old, one) -> old.plusSkipped());
        }
    }

    private boolean planChangeEvent(DeadLetterRecord record) {
        AssociationDeadLetter deadLetter = record.deadLetter();
        if (deadLetter.getPortalId() == null || deadLetter.getFromObjectType() == null || deadLetter.getObjectId() == null) {
            return false;
        }
        String key = deadLetter.getPortalId() + ":" + deadLetter.getFromObjectType() + ":" + deadLetter.getObjectId();
        changeEvents.compute(key, (k, planned) -> planned == null
                ? new ReplayItem.ChangeEvent(k, changeEvent(record), record, 1)
                : new ReplayItem.ChangeEvent(k, planned.event(), planned.source(), planned.deadLetters() + 1));
        return true;
    }

    private CrmObjectChangeEvent changeEvent(DeadLetterRecord record) {
        AssociationDeadLetter deadLetter = record.deadLetter();
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("replay-" + record.partition() + "-" + record.offset())
                .setPortalId(deadLetter.getPortalId())
                .setObjectType(deadLetter.getFromObjectType())
                .setObjectId(deadLetter.getObjectId())
                .setChangeType(ChangeType.UPDATED)
                .setOccurredAt(occurredAt)
                .build();
    }

    private boolean planRawInput(DeadLetterRecord record) {
        AssociationDeadLetter deadLetter = record.deadLetter();
        String message = deadLetter.getMessage() == null ? "" : deadLetter.getMessage();
        // The intake caps kept bytes and says so in the message; a cut-off record would only be rejected again.
        if (deadLetter.getRawValue() == null || (message.contains("raw value of") && message.contains("truncated"))) {
            return false;
        }
        byte[] key = bytes(deadLetter.getRawKey());
        byte[] value = bytes(deadLetter.getRawValue());
        rawInputs.putIfAbsent(digest(key) + ":" + digest(value), new ReplayItem.RawInput(key, value, record));
        return true;
    }

    List<ReplayItem> items() {
        List<ReplayItem> items = new ArrayList<>(changeEvents.values());
        items.addAll(rawInputs.values());
        return items;
    }

    ReplaySummary summary(String targetTopic, boolean dryRun, long unreadable, int sent) {
        return new ReplaySummary(targetTopic, dryRun, selected, skippedInvalid, skippedIncomplete, unreadable,
                changeEvents.size(), rawInputs.size(), sent, Map.copyOf(byReason));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String digest(byte[] bytes) {
        if (bytes == null) {
            return "-";
        }
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
