package com.associationenricher.pipeline;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;

/**
 * One change event read from an input record, or why it could not be read. A webhook body yields one per element,
 * so one bad element does not take the good ones down with it.
 *
 * @param raw the bytes to keep in the dead letter (the element, or the whole record) so it can be replayed
 */
public record DecodedInput(CrmObjectChangeEvent event, DeadLetterReason reason, String problem, byte[] raw) {

    public static DecodedInput valid(CrmObjectChangeEvent event) {
        return new DecodedInput(event, null, null, null);
    }

    public static DecodedInput undecodable(String problem, byte[] raw) {
        return new DecodedInput(null, DeadLetterReason.UNDECODABLE_EVENT, problem, raw);
    }

    public static DecodedInput invalid(String problem, byte[] raw) {
        return new DecodedInput(null, DeadLetterReason.INVALID_EVENT, problem, raw);
    }

    public boolean isValid() {
        return event != null;
    }
}
