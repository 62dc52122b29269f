package com.associationenricher.pipeline;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import org.apache.kafka.common.serialization.Serde;

/** The one place the pipeline's serdes come from, so a topic is never read or written with the wrong one. */
public record EnricherSerdes(
        Serde<CrmObjectChangeEvent> changeEvents,
        Serde<AssociationEvent> associationEvents,
        Serde<AssociationDeadLetter> deadLetters,
        Serde<PendingLookup> pendingLookups) {
}
