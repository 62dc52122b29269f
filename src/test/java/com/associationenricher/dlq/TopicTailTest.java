package com.associationenricher.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.GenericAvroDecoder;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TopicTailTest {

    @Test
    void tailShowsWhatAnAssociationEventAddedAndRemoved() throws Exception {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("tail-" + UUID.randomUUID());
        Association nine = Association.newBuilder().setToObjectId("9").setAssociationType("contact_to_company").build();
        Association ten = Association.newBuilder().setToObjectId("10").setAssociationType("contact_to_company").build();
        AssociationEvent event = AssociationEvent.newBuilder().setPortalId(1).setFromObjectType("contacts").setFromObjectId("1")
                .setToObjectType("companies").setAssociations(List.of(nine)).setComplete(true)
                .setFetchedAt(Instant.parse("2026-05-01T10:00:00Z")).setApiVersion("v3")
                .setAdded(List.of(nine)).setRemoved(List.of(ten)).build();
        byte[] value = ConfluentAvroSerde.forValues(registry, AssociationEvent.class).serializer().serialize("out", event);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("out", 0, 7L,
                "1:contacts:1:companies".getBytes(StandardCharsets.UTF_8), value);

        JsonNode line = new ObjectMapper().readTree(new TopicTail(null, new GenericAvroDecoder(registry)).json("out", record));

        assertThat(line.at("/value/added/0/toObjectId").asText()).isEqualTo("9");
        assertThat(line.at("/value/removed/0/toObjectId").asText()).isEqualTo("10");
        assertThat(line.at("/value/removed/0/associationType").asText()).isEqualTo("contact_to_company");
    }
}
