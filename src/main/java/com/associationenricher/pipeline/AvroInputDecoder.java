package com.associationenricher.pipeline;

import com.associationenricher.events.SchemaRegistryUnavailableException;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code input.format=avro}: one {@code CrmObjectChangeEvent} per record, in the Confluent wire format. A registry
 * that cannot answer is not the record's fault: that failure is thrown, for the intake to retry the record later.
 */
public final class AvroInputDecoder implements InputDecoder {
    private final Deserializer<CrmObjectChangeEvent> deserializer;

    public AvroInputDecoder(Deserializer<CrmObjectChangeEvent> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public List<DecodedInput> decode(String topic, byte[] value) {
        try {
            CrmObjectChangeEvent event = deserializer.deserialize(topic, value);
            if (event == null) {
                return List.of(DecodedInput.invalid("record has no value", value));
            }
            return List.of(DecodedInput.validAvro(event, value));
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return List.of(DecodedInput.undecodable(describe(e), value));
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
