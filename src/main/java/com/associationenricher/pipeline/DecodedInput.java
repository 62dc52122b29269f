package com.associationenricher.pipeline;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;

/**
 * One change event read from an input record, or why it could not be read. A webhook body yields one per element,
 * so one bad element does not take the good ones down with it.
 *
 * @param raw  the bytes to keep in the dead letter (the element, or the whole record) so it can be replayed
 * @param avro for an event read from a Confluent Avro record: that record's bytes, which are exactly this event's
 *             encoding, so the repartition can pass them on instead of encoding the event again; else null
 */
public record DecodedInput(CrmObjectChangeEvent event, DeadLetterReason reason, String problem, byte[] raw, byte[] avro) {

    public static DecodedInput valid(CrmObjectChangeEvent event) {
        return new DecodedInput(event, null, null, null, null);
    }

    /** An event decoded from {@code avro}, its Confluent wire-format bytes. */
    public static DecodedInput validAvro(CrmObjectChangeEvent event, byte[] avro) {
        return new DecodedInput(event, null, null, null, avro);
    }

    public static DecodedInput undecodable(String problem, byte[] raw) {
        return new DecodedInput(null, DeadLetterReason.UNDECODABLE_EVENT, problem, raw, null);
    }

    public static DecodedInput invalid(String problem, byte[] raw) {
        return new DecodedInput(null, DeadLetterReason.INVALID_EVENT, problem, raw, null);
    }

    public boolean isValid() {
        return event != null;
    }
}
