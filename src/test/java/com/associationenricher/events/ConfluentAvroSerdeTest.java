package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

    private static final String TOPIC = "crm-object-changes";

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope("serde-test-" + UUID.randomUUID());

    @Test
    void changeEventEncodesToTheExactConfluentWireFormatBytes() {
        byte[] expected = handBuiltChangeEvent();
        String expectedHex = "00" + "00000001"        // magic byte, schema id 1
                + "046531"                             // eventId "e1"
                + "54"                                 // portalId 42 (zig-zag)
                + "10636f6e7461637473"                 // objectType "contacts"
                + "06313031"                           // objectId "101"
                + "02"                                 // changeType UPDATED (ordinal 1)
                + "d00f"                               // occurredAt 1000 ms
                + "020a656d61696c"                     // propertyName: union branch 1, "email"
                + "0000000000";                        // five null unions

        byte[] actual = ConfluentAvroSerde.forValues(registry, CrmObjectChangeEvent.class).serializer()
                .serialize(TOPIC, SampleRecords.changeEvent());

        assertThat(HexFormat.of().formatHex(expected)).isEqualTo(expectedHex);
        assertThat(HexFormat.of().formatHex(actual)).isEqualTo(expectedHex);
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void everyGeneratedTypeSurvivesARoundTrip() {
        assertRoundTrip(CrmObjectChangeEvent.class, SampleRecords.changeEvent());
        assertRoundTrip(AssociationEvent.class, SampleRecords.associationEvent("101"));
        assertRoundTrip(AssociationDeadLetter.class, SampleRecords.deadLetter());
        assertRoundTrip(PendingLookup.class, SampleRecords.pendingLookup());
    }

    @Test
    void nullIsATombstoneBothWays() {
        var serde = ConfluentAvroSerde.forValues(registry, AssociationEvent.class);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, new byte[0])).isNull();
    }

    @Test
    void keySerdeRegistersUnderTheKeySubject() {
        ConfluentAvroSerde.forKeys(registry, CrmObjectChangeEvent.class).serializer().serialize(TOPIC, SampleRecords.changeEvent());

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void streamsChangelogTopicsGetTheirOwnSubjectThroughTheHeadersOverload() {
        var serde = ConfluentAvroSerde.forValues(registry, PendingLookup.class);
        String changelog = "association-enricher-pending-lookups-changelog";

        byte[] bytes = serde.serializer().serialize(changelog, new RecordHeaders(), SampleRecords.pendingLookup());

        assertThat(registry.subjects()).containsExactly(changelog + "-value");
        assertThat(serde.deserializer().deserialize(changelog, new RecordHeaders(), bytes)).isEqualTo(SampleRecords.pendingLookup());
    }

    @Test
    void unknownSchemaIdIsAClearWireFormatError() {
        byte[] bytes = handBuiltChangeEvent();
        bytes[4] = 77;

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("unknown schema id")
                .hasMessageContaining("77")
                .satisfies(e -> assertThat(((WireFormatException) e).schemaId()).isEqualTo(77));
    }

    @Test
    void wrongMagicByteIsAClearWireFormatError() {
        byte[] json = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, json))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("magic byte is 0x7b, expected 0x00");
    }

    @Test
    void payloadShorterThanTheHeaderIsTruncated() {
        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("3 bytes");
    }

    @Test
    void recordCutShortInsideTheAvroPayloadIsTruncated() {
        registry.register("any-subject", CrmObjectChangeEvent.getClassSchema());
        byte[] whole = handBuiltChangeEvent();
        byte[] cut = Arrays.copyOf(whole, 12);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, cut))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("topic '" + TOPIC + "' with schema id 1")
                .hasMessageContaining("truncated");
    }

    @Test
    void recordWrittenWithAnOlderSchemaMissingOptionalFieldsDecodesWithDefaults() throws Exception {
        Schema older = SchemaVariants.withoutFields(CrmObjectChangeEvent.getClassSchema(), "toObjectId", "associationRemoved");
        int olderId = registry.register(TOPIC + "-value", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("eventId", "e9");
        written.put("portalId", 7L);
        written.put("objectType", "deals");
        written.put("objectId", "5");
        written.put("changeType", new GenericData.EnumSymbol(older.getField("changeType").schema(), "DELETED"));
        written.put("occurredAt", 2000L);

        CrmObjectChangeEvent read = deserializer().deserialize(TOPIC, frame(olderId, older, written));

        assertThat(read.getEventId()).isEqualTo("e9");
        assertThat(read.getChangeType()).isEqualTo(ChangeType.DELETED);
        assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(read.getToObjectId()).isNull();
        assertThat(read.getAssociationRemoved()).isNull();
    }

    @Test
    void aPendingLookupWrittenBeforeItsNewestFieldDecodesWithItsDefault() throws Exception {
        // An entry of pending-lookups written by a build before noNewerChangeRemembered: read last-changes first.
        Schema older = SchemaVariants.withoutFields(PendingLookup.getClassSchema(), "noNewerChangeRemembered");
        int olderId = registry.register(TOPIC + "-pending-value", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("portalId", 7L);
        written.put("fromObjectType", "contacts");
        written.put("objectId", "5");
        written.put("toObjectType", "companies");
        written.put("lineage", 42L);
        written.put("version", 3);
        written.put("pendingSince", 1000L);
        written.put("changeOccurredAt", 900L);
        written.put("latestChangeOccurredAt", 950L);
        written.put("triggeringEventIds", List.of("e1", "e2"));
        written.put("attempts", 1);
        written.put("notBefore", 0L);

        PendingLookup read = new ConfluentAvroDeserializer<>(registry, PendingLookup.class)
                .deserialize(TOPIC + "-pending", frame(olderId, older, written));

        assertThat(read.getObjectId()).isEqualTo("5");
        assertThat(read.getVersion()).isEqualTo(3);
        assertThat(read.getLatestChangeOccurredAt()).isEqualTo(950L);
        assertThat(read.getTriggeringEventIds()).containsExactly("e1", "e2");
        assertThat(read.getNoNewerChangeRemembered()).as("the default: read last-changes first").isFalse();
    }

    @Test
    void writerSchemaTheReaderCannotResolveIsAClearWireFormatError() throws Exception {
        Schema unrelated = new Schema.Parser().parse("""
                {"type":"record","name":"CrmObjectChangeEvent","namespace":"com.associationenricher.events.avro",
                 "fields":[{"name":"somethingElse","type":"int"}]}""");
        int id = registry.register("other-value", unrelated);
        GenericRecord written = new GenericData.Record(unrelated);
        written.put("somethingElse", 1);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, frame(id, unrelated, written)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("schema id " + id)
                .hasMessageContaining("cannot read")
                .hasMessageContaining("eventId");
    }

    private ConfluentAvroDeserializer<CrmObjectChangeEvent> deserializer() {
        return new ConfluentAvroDeserializer<>(registry, CrmObjectChangeEvent.class);
    }

    private <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record) {
        var serde = ConfluentAvroSerde.forValues(registry, type);
        byte[] bytes = serde.serializer().serialize(TOPIC + "-" + type.getSimpleName(), record);
        assertThat(bytes[0]).isZero();
        assertThat(serde.deserializer().deserialize(TOPIC + "-" + type.getSimpleName(), bytes)).isEqualTo(record);
    }

    /** SampleRecords.changeEvent() framed with schema id 1, written byte by byte from the Avro spec. */
    private static byte[] handBuiltChangeEvent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 1});
        string(out, "e1");
        varLong(out, 42);
        string(out, "contacts");
        string(out, "101");
        varLong(out, ChangeType.UPDATED.ordinal());
        varLong(out, 1000);
        varLong(out, 1);
        string(out, "email");
        for (int i = 0; i < 5; i++) {
            varLong(out, 0);
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varLong(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void varLong(ByteArrayOutputStream out, long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            out.write((int) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        out.write((int) zigZag);
    }

    static byte[] frame(int schemaId, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
