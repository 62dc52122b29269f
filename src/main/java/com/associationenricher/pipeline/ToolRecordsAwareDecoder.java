package com.associationenricher.pipeline;

import java.util.List;

/**
 * {@code input.format=hubspot-webhook-json} as the intake reads it: webhook JSON from the ingress or a relay, plus the
 * Avro {@code CrmObjectChangeEvent}s that operator tools ({@code dlq replay}, a backfill) write into the same topic
 * whatever the format. A record starting with Confluent's magic byte 0x00 is Avro: no JSON text starts with 0x00 (RFC
 * 8259 allows only whitespace before the value), so the two can never be mistaken for each other.
 */
public final class ToolRecordsAwareDecoder implements InputDecoder {
    private static final byte CONFLUENT_MAGIC_BYTE = 0;

    private final InputDecoder json;
    private final InputDecoder avro;

    public ToolRecordsAwareDecoder(InputDecoder json, InputDecoder avro) {
        this.json = json;
        this.avro = avro;
    }

    @Override
    public List<DecodedInput> decode(String topic, byte[] value) {
        boolean confluentFramed = value.length > 0 && value[0] == CONFLUENT_MAGIC_BYTE;
        return confluentFramed ? avro.decode(topic, value) : json.decode(topic, value);
    }
}
