package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
class AvroOverKafkaIT {

    @Test
    void associationEventsAndTombstonesCrossARealBrokerIntact() {
        String topic = Topics.uniqueName("associations");
        Topics.create(3, topic);
        var registry = SchemaRegistries.connect("mock://" + Topics.uniqueName("registry"), null, null);
        var serde = ConfluentAvroSerde.forValues(registry, AssociationEvent.class);
        List<KeyValue<String, AssociationEvent>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            AssociationEvent event = SampleRecords.associationEvent(Integer.toString(100 + i));
            sent.add(KeyValue.pair("42:contacts:" + event.getFromObjectId() + ":companies", event));
        }
        sent.add(KeyValue.pair("42:contacts:100:companies", null));

        Topics.produce(topic, new StringSerializer(), serde.serializer(), sent);
        List<ConsumerRecord<String, AssociationEvent>> received =
                Topics.consumeAtLeast(topic, sent.size(), new StringDeserializer(), serde.deserializer());

        Map<String, List<AssociationEvent>> receivedByKey = new HashMap<>();
        received.forEach(r -> receivedByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        assertThat(received).hasSize(sent.size());
        assertThat(receivedByKey.get("42:contacts:100:companies"))
                .containsExactly(SampleRecords.associationEvent("100"), null);
        assertThat(receivedByKey.get("42:contacts:129:companies")).containsExactly(SampleRecords.associationEvent("129"));
        assertThat(received.stream().map(ConsumerRecord::partition).distinct()).hasSizeGreaterThan(1);
    }
}
