package com.associationenricher.pipeline;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of the repartition by object: Confluent Avro of {@code CrmObjectChangeEvent}, as before. A change
 * that is the input record's own event is written with the input's bytes as they are (they are that event's Avro
 * encoding, schema id included), so the common case encodes nothing again; a derived change is encoded. Reading
 * resolves whichever schema id a record names, so both kinds read alike.
 */
final class RepartitionedChanges {
    private RepartitionedChanges() {
    }

    static Serde<IntakeResult.Change> serde(Serde<CrmObjectChangeEvent> changeEvents) {
        Serializer<CrmObjectChangeEvent> encoder = changeEvents.serializer();
        Deserializer<CrmObjectChangeEvent> decoder = changeEvents.deserializer();
        Serializer<IntakeResult.Change> serializer = (topic, change) -> change == null ? null
                : change.avro() != null ? change.avro() : encoder.serialize(topic, change.event());
        Deserializer<IntakeResult.Change> deserializer = (topic, bytes) -> {
            CrmObjectChangeEvent event = decoder.deserialize(topic, bytes);
            return event == null ? null : new IntakeResult.Change(event, true, null);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
