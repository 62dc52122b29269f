package com.associationenricher.pipeline;

import java.util.List;

/**
 * Reads the change events of one input record, per {@code input.format}. Failures of the record are results; the only
 * exception is {@link com.associationenricher.events.SchemaRegistryUnavailableException}, which says nothing about the
 * record and means "try it again later".
 */
public interface InputDecoder {

    List<DecodedInput> decode(String topic, byte[] value);
}
