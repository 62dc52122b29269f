package com.associationenricher.delta;

import java.util.Arrays;
import java.util.List;

/** {@code last-emitted} entries for the tests of other packages (the event set's types are this package's own). */
public final class LastEmittedFixtures {
    private LastEmittedFixtures() {
    }

    /** An entry with an event listing contacts {@code ids} and no change remembered. */
    public static LastEmitted withEvent(String... ids) {
        return LastEmitted.of(set(ids));
    }

    /** An entry as builds before the merge wrote it (format 1: the event only), read back. */
    public static LastEmitted formerFormat(String... ids) {
        return LastEmittedSerde.readOrNull(EmittedSetSerde.write(set(ids)));
    }

    /** The ids of the entry's event; empty when it has none. */
    public static List<String> ids(LastEmitted entry) {
        EmittedSet set = entry == null ? null : entry.emitted();
        return set == null ? List.of() : set.associations().stream().map(EmittedAssociation::toObjectId).toList();
    }

    private static EmittedSet set(String... ids) {
        return new EmittedSet(Arrays.stream(ids).map(id -> new EmittedAssociation(id, "contact_to_company", 1, "HUBSPOT_DEFINED", null)).toList(), true);
    }
}
