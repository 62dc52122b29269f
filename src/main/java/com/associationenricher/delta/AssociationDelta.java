package com.associationenricher.delta;

import com.associationenricher.events.avro.Association;
import java.util.List;
import java.util.Set;

/** The difference between the last emitted set of a key (null: none, or a tombstone since) and a new answer. */
record AssociationDelta(List<Association> added, List<Association> removed) {

    static AssociationDelta between(EmittedSet previous, EmittedSet current) {
        Set<EmittedAssociation> before = previous == null ? Set.of() : previous.members();
        Set<EmittedAssociation> after = current.members();
        List<Association> added = after.stream().filter(a -> !before.contains(a)).map(EmittedAssociation::toAvro).toList();
        List<Association> removed = before.stream().filter(a -> !after.contains(a)).map(EmittedAssociation::toAvro).toList();
        return new AssociationDelta(added, removed);
    }
}
