package com.associationenricher.delta;

import com.associationenricher.events.avro.AssociationEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the last association event of a key said: its associations (in the order it listed them) and its complete
 * flag. Nothing else of the event is kept, so the store stays small: ids, type ids, types and labels.
 */
record EmittedSet(List<EmittedAssociation> associations, boolean complete) {

    EmittedSet {
        associations = List.copyOf(associations);
    }

    static EmittedSet of(AssociationEvent event) {
        return new EmittedSet(event.getAssociations().stream().map(EmittedAssociation::of).toList(), event.getComplete());
    }

    /** Same members (in any order, as HubSpot does not promise one) and the same complete flag. */
    boolean sameAs(EmittedSet other) {
        return other != null && complete == other.complete && members().equals(other.members());
    }

    Set<EmittedAssociation> members() {
        return new LinkedHashSet<>(associations);
    }
}
