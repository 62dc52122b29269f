package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class GenericAvroDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("decoder-test-" + UUID.randomUUID());
    private final GenericAvroDecoder decoder = new GenericAvroDecoder(registry);

    @Test
    void decodesWithTheWritersSchemaWithoutGeneratedClasses() {
        byte[] bytes = ConfluentAvroSerde.forValues(registry, AssociationEvent.class).serializer()
                .serialize("associations", SampleRecords.associationEvent("101"));

        GenericRecord record = decoder.decode("associations", bytes);

        assertThat(record.getSchema().getFullName()).isEqualTo(AssociationEvent.class.getName());
        assertThat(record.get("fromObjectId").toString()).isEqualTo("101");
        assertThat(GenericAvroDecoder.schemaIdOf("associations", bytes)).isEqualTo(1);
    }

    @Test
    void jsonIsPlainUnionsUnwrappedTimestampsIsoAndBytesBase64() throws Exception {
        byte[] event = ConfluentAvroSerde.forValues(registry, AssociationEvent.class).serializer()
                .serialize("associations", SampleRecords.associationEvent("101"));
        byte[] deadLetter = ConfluentAvroSerde.forValues(registry, AssociationDeadLetter.class).serializer()
                .serialize("dlq", SampleRecords.deadLetter());

        JsonNode eventJson = JSON.readTree(decoder.toJson("associations", event));
        JsonNode deadLetterJson = JSON.readTree(GenericAvroDecoder.toJson(decoder.decode("dlq", deadLetter)));

        assertThat(eventJson.get("fetchedAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(eventJson.get("changeOccurredAt").asText()).isEqualTo("2026-01-02T03:04:00Z");
        assertThat(eventJson.get("associations").get(0).get("associationType").asText()).isEqualTo("contact_to_company");
        assertThat(eventJson.get("associations").get(0).get("typeId").isNull()).isTrue();
        assertThat(eventJson.get("associations").get(1).get("typeId").asInt()).isEqualTo(279);
        assertThat(eventJson.get("portalId").asLong()).isEqualTo(42);
        assertThat(deadLetterJson.get("reason").asText()).isEqualTo("MISSING_SCOPES");
        assertThat(deadLetterJson.get("rawValue").asText()).isEqualTo("cmF3");
        assertThat(deadLetterJson.get("context").get("requiredGranularScopes").get(0).asText()).isEqualTo("crm.objects.companies.read");
        assertThat(deadLetterJson.get("firstFailedAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void tombstoneIsNull() {
        assertThat(decoder.decode("associations", null)).isNull();
        assertThat(decoder.toJson("associations", new byte[0])).isEqualTo("null");
    }

    @Test
    void garbageIsAWireFormatError() {
        assertThatThrownBy(() -> decoder.toJson("associations", new byte[] {1, 2, 3, 4, 5, 6}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic byte is 0x01");
        assertThatThrownBy(() -> decoder.decode("associations", new byte[] {0, 0, 0, 0, 9, 6}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown schema id 9");
    }
}
