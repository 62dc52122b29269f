package com.associationenricher.batching;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;

/** What the pipeline writes: an association event (or its tombstone) to the output topic, or a dead letter. */
public sealed interface Emission {

    /** A new association set for one key; {@code event == null} is a tombstone (deleted or merged away). */
    record AssociationUpdate(AssociationEvent event) implements Emission {
    }

    record DeadLetter(AssociationDeadLetter deadLetter) implements Emission {
    }
}
