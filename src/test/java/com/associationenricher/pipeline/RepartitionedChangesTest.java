package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class RepartitionedChangesTest {
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("repartition-" + UUID.randomUUID());
    private final EnricherSerdes serdes = EnricherSerdes.using(registry);
    private final Serde<IntakeResult.Change> serde = RepartitionedChanges.serde(serdes.changeEvents());

    @Test
    void theInputsOwnEventIsWrittenWithTheInputsBytesAsTheyAre() {
        CrmObjectChangeEvent event = event("11");
        byte[] input = serdes.changeEvents().serializer().serialize("changes", event);

        byte[] written = serde.serializer().serialize("app-by-object-repartition", new IntakeResult.Change(event, true, input));

        assertThat(written).isSameAs(input);
        assertThat(serde.deserializer().deserialize("app-by-object-repartition", written).event()).isEqualTo(event);
    }

    @Test
    void aDerivedChangeIsEncodedAndReadsBack() {
        CrmObjectChangeEvent derived = event("12");

        byte[] written = serde.serializer().serialize("app-by-object-repartition", new IntakeResult.Change(derived, false, null));

        assertThat(serde.deserializer().deserialize("app-by-object-repartition", written).event()).isEqualTo(derived);
    }

    /** A producer on an older schema: its bytes cross the repartition with their own schema id and still read. */
    @Test
    void inputWrittenWithAnotherSchemaVersionCrossesTheRepartitionAndReads() throws Exception {
        Schema older = SchemaBuilder.record("CrmObjectChangeEvent").namespace("com.associationenricher.events.avro").fields()
                .requiredString("eventId").requiredLong("portalId").requiredString("objectType").requiredString("objectId")
                .name("changeType").type(CrmObjectChangeEvent.getClassSchema().getField("changeType").schema()).noDefault()
                .name("occurredAt").type(CrmObjectChangeEvent.getClassSchema().getField("occurredAt").schema()).noDefault()
                .endRecord();
        int olderId = registry.register("producers-value", older);
        GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e-13");
        record.put("portalId", 42L);
        record.put("objectType", "contacts");
        record.put("objectId", "13");
        record.put("changeType", new GenericData.EnumSymbol(older.getField("changeType").schema(), "UPDATED"));
        record.put("occurredAt", 1_700_000_000_000L);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(java.nio.ByteBuffer.allocate(5).put((byte) 0).putInt(olderId).array()); // Confluent framing
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older).write(record, encoder);
        encoder.flush();
        byte[] input = out.toByteArray();
        CrmObjectChangeEvent decoded = serdes.changeEvents().deserializer().deserialize("changes", input);

        byte[] written = serde.serializer().serialize("app-by-object-repartition", new IntakeResult.Change(decoded, true, input));

        assertThat(written).isSameAs(input);
        CrmObjectChangeEvent read = serde.deserializer().deserialize("app-by-object-repartition", written).event();
        assertThat(read.getObjectId()).isEqualTo("13");
        assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    private static CrmObjectChangeEvent event(String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId("e-" + id).setPortalId(42).setObjectType("contacts")
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMergedObjectIds(List.of()).build();
    }
}
