package com.associationenricher.dlq;

import com.associationenricher.events.avro.DeadLetterReason;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which dead letters an operator means: every given criterion must match; an absent one matches everything. Times
 * compare with the record's timestamp, {@code since} inclusive and {@code until} exclusive; {@code limit} stops
 * reading after that many matches. Type and category names compare ignoring case.
 */
public record DeadLetterFilter(Set<DeadLetterReason> reasons, Optional<String> category, Optional<Long> portalId,
                               Optional<String> fromType, Optional<String> toType, Optional<Instant> since,
                               Optional<Instant> until, OptionalInt limit) {

    public DeadLetterFilter {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit.getAsInt());
        }
    }

    /** Matches every dead letter. */
    public static DeadLetterFilter all() {
        return new DeadLetterFilter(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    public DeadLetterFilter withReasons(DeadLetterReason... only) {
        return new DeadLetterFilter(Set.of(only), category, portalId, fromType, toType, since, until, limit);
    }

    public DeadLetterFilter withCategory(String only) {
        return new DeadLetterFilter(reasons, Optional.of(only), portalId, fromType, toType, since, until, limit);
    }

    public DeadLetterFilter withPortal(long only) {
        return new DeadLetterFilter(reasons, category, Optional.of(only), fromType, toType, since, until, limit);
    }

    public DeadLetterFilter withTypes(String from, String to) {
        return new DeadLetterFilter(reasons, category, portalId, Optional.ofNullable(from), Optional.ofNullable(to),
                since, until, limit);
    }

    public DeadLetterFilter withTimes(Instant sinceOrNull, Instant untilOrNull) {
        return new DeadLetterFilter(reasons, category, portalId, fromType, toType, Optional.ofNullable(sinceOrNull),
                Optional.ofNullable(untilOrNull), limit);
    }

    public DeadLetterFilter withLimit(int max) {
        return new DeadLetterFilter(reasons, category, portalId, fromType, toType, since, until, OptionalInt.of(max));
    }

    public boolean matches(DeadLetterRecord record) {
        var deadLetter = record.deadLetter();
        return (reasons.isEmpty() || reasons.contains(deadLetter.getReason()))
                && sameText(category, deadLetter.getCategory())
                && portalId.map(id -> id.equals(deadLetter.getPortalId())).orElse(true)
                && sameText(fromType, deadLetter.getFromObjectType())
                && sameText(toType, deadLetter.getToObjectType())
                && since.map(from -> !record.timestamp().isBefore(from)).orElse(true)
                && until.map(to -> record.timestamp().isBefore(to)).orElse(true);
    }

    private static boolean sameText(Optional<String> wanted, String actual) {
        return wanted.map(text -> text.equalsIgnoreCase(actual)).orElse(true);
    }
}
