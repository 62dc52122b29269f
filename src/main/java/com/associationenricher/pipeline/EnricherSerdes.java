package com.associationenricher.pipeline;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.SchemaRegistry;
import org.apache.kafka.common.serialization.Serde;

/** The one place the pipeline's serdes come from, so a topic is never read or written with the wrong one. */
public record EnricherSerdes(
        Serde<CrmObjectChangeEvent> changeEvents,
        Serde<AssociationEvent> associationEvents,
        Serde<AssociationDeadLetter> deadLetters,
        Serde<PendingLookup> pendingLookups) {

    /** Every serde speaks the Confluent wire format against the given registry. */
    public static EnricherSerdes using(SchemaRegistry registry) {
        return new EnricherSerdes(
                ConfluentAvroSerde.forValues(registry, CrmObjectChangeEvent.class),
                ConfluentAvroSerde.forValues(registry, AssociationEvent.class),
                ConfluentAvroSerde.forValues(registry, AssociationDeadLetter.class),
                ConfluentAvroSerde.forValues(registry, PendingLookup.class));
    }
}
