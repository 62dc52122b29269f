package com.associationenricher.pipeline;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;

/** What the intake makes of an input record: valid per-object change events, or dead letters. */
public sealed interface IntakeResult {

    /**
     * @param onRecordKey whether the change is about the object the input record is keyed by: only such a change is
     *                    already in the partition (and task) that owns its object when {@code input.keyed-by-object}
     *                    holds; the other end of an association change or a merged-away id is not
     * @param avro        the event's Confluent Avro encoding when the input record held exactly this event (null for
     *                    a change the intake derived, or one read from webhook JSON): what the repartition writes
     */
    record Change(CrmObjectChangeEvent event, boolean onRecordKey, byte[] avro) implements IntakeResult {
    }

    record Rejected(AssociationDeadLetter deadLetter) implements IntakeResult {
    }
}
