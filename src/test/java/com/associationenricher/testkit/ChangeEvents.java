package com.associationenricher.testkit;

import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.ObjectChanges;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/** Change events onto the test broker as producers write them: keyed portal:objectType:objectId, acknowledged. */
public final class ChangeEvents {
    private ChangeEvents() {
    }

    /** With the given value serializer, e.g. {@code serdes.changeEvents().serializer()} of an in-JVM registry. */
    public static void produce(String topic, List<CrmObjectChangeEvent> events, Serializer<CrmObjectChangeEvent> serializer) {
        Topics.produce(topic, new StringSerializer(), serializer,
                events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
    }

    /** Registered in the {@link ApicurioRegistry}, for an enricher running in another JVM. */
    public static void produceViaApicurio(String topic, List<CrmObjectChangeEvent> events) {
        produce(topic, events, ConfluentAvroSerde.forValues(new RestSchemaRegistry(ApicurioRegistry.url(), RegistryAuth.none()),
                CrmObjectChangeEvent.class).serializer());
    }
}
