package com.associationenricher.pipeline;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;

/** What the intake makes of an input record: valid per-object change events, or dead letters. */
public sealed interface IntakeResult {

    record Change(CrmObjectChangeEvent event) implements IntakeResult {
    }

    record Rejected(AssociationDeadLetter deadLetter) implements IntakeResult {
    }
}
