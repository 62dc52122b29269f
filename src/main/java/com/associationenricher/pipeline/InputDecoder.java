package com.associationenricher.pipeline;

import java.util.List;

/** Reads the change events of one input record, per {@code input.format}. Never throws: failures are results. */
public interface InputDecoder {

    List<DecodedInput> decode(String topic, byte[] value);
}
