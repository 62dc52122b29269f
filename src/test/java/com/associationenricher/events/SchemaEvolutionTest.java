package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards the topics' contract: every {@code schemas/*.avsc} must stay backward and forward compatible with each
 * released version under {@code src/test/resources/released-schemas/<version>/}.
 */
class SchemaEvolutionTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path CURRENT = BASEDIR.resolve("schemas");
    private static final Path RELEASED = BASEDIR.resolve("src/test/resources/released-schemas");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCurrentSchemaReadsAndIsReadByEveryReleasedVersion() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path versionDirectory : releasedVersions()) {
            String version = versionDirectory.getFileName().toString();
            for (Path released : SchemaEvolutionGuard.avscFiles(versionDirectory)) {
                String file = released.getFileName().toString();
                tests.add(DynamicTest.dynamicTest(file + " vs released " + version, () -> {
                    Path current = CURRENT.resolve(file);
                    assertThat(current).as("%s was released in %s but is gone from schemas/; topics still carry its data", file, version).exists();
                    List<String> problems = SchemaEvolutionGuard.problems(file, version,
                            SchemaEvolutionGuard.parse(released), SchemaEvolutionGuard.parse(current));
                    assertThat(problems).as("schema evolution rules broken").isEmpty();
                }));
            }
        }
        assertThat(tests).as("released schemas under %s", RELEASED.toAbsolutePath()).isNotEmpty();
        return tests.stream();
    }

    @Test
    void guardRejectsRemovingAFieldThatHasNoDefault() {
        Schema released = CrmObjectChangeEvent.getClassSchema();
        Schema withoutObjectId = SchemaVariants.withoutFields(released, "objectId");

        List<String> problems = SchemaEvolutionGuard.problems("CrmObjectChangeEvent.avsc", "0.1.0", released, withoutObjectId);

        assertThat(problems).singleElement().asString()
                .contains("CrmObjectChangeEvent.avsc")
                .contains("released 0.1.0 cannot read data written by the current schema (forward)")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("objectId");
    }

    @Test
    void guardRejectsAddingARequiredFieldWithoutDefault() throws IOException {
        Schema released = CrmObjectChangeEvent.getClassSchema();
        ObjectNode root = (ObjectNode) JSON.readTree(released.toString());
        ((ArrayNode) root.get("fields")).addObject().put("name", "tenant").put("type", "string");
        Schema withRequiredTenant = new Schema.Parser().parse(root.toString());

        List<String> problems = SchemaEvolutionGuard.problems("CrmObjectChangeEvent.avsc", "0.1.0", released, withRequiredTenant);

        assertThat(problems).singleElement().asString()
                .contains("the current schema cannot read data written by released 0.1.0 (backward)")
                .contains("tenant");
    }

    @Test
    void guardRejectsANewEnumSymbolWhenTheReleasedEnumHasNoDefault() throws IOException {
        Schema released = CrmObjectChangeEvent.getClassSchema();
        Schema withNewChangeType = withEnumSymbol(released, "changeType", "ARCHIVED");

        List<String> problems = SchemaEvolutionGuard.problems("CrmObjectChangeEvent.avsc", "0.1.0", released, withNewChangeType);

        assertThat(problems).singleElement().asString().contains("(forward)").contains("ARCHIVED");
    }

    @Test
    void guardAcceptsANewEnumSymbolWhenTheReleasedEnumHasADefault() throws IOException {
        Schema released = AssociationDeadLetter.getClassSchema();
        Schema withNewReason = withEnumSymbol(released, "reason", "QUOTA_EXCEEDED");

        assertThat(SchemaEvolutionGuard.problems("AssociationDeadLetter.avsc", "0.1.0", released, withNewReason)).isEmpty();
    }

    @Test
    void guardAcceptsANewOptionalFieldWithDefault() throws IOException {
        Schema released = CrmObjectChangeEvent.getClassSchema();
        ObjectNode root = (ObjectNode) JSON.readTree(released.toString());
        ObjectNode field = ((ArrayNode) root.get("fields")).addObject().put("name", "tenant");
        field.putArray("type").add("null").add("string");
        field.putNull("default");

        assertThat(SchemaEvolutionGuard.problems("CrmObjectChangeEvent.avsc", "0.1.0", released, new Schema.Parser().parse(root.toString())))
                .isEmpty();
    }

    @Test
    void anAssociationEventOfTheReleasedSchemaReadsWithEmptyAddedAndRemoved() throws IOException {
        Schema released = SchemaEvolutionGuard.parse(RELEASED.resolve("0.1.0/AssociationEvent.avsc"));
        GenericRecord old = new GenericData.Record(released);
        Schema associationSchema = released.getField("associations").schema().getElementType();
        GenericRecord association = new GenericData.Record(associationSchema);
        association.put("toObjectId", "9");
        old.put("portalId", 42L);
        old.put("fromObjectType", "contacts");
        old.put("fromObjectId", "1");
        old.put("toObjectType", "companies");
        old.put("associations", List.of(association));
        old.put("complete", true);
        old.put("fetchedAt", 1_000L);
        old.put("apiVersion", "v3");
        old.put("triggeringEventIds", List.of("e1"));
        byte[] bytes = encode(new GenericDatumWriter<>(released), old);

        AssociationEvent read = new SpecificDatumReader<AssociationEvent>(released, AssociationEvent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read.getAssociations()).extracting(a -> a.getToObjectId()).containsExactly("9");
        assertThat(read.getAdded()).isEmpty();
        assertThat(read.getRemoved()).isEmpty();
    }

    @Test
    void aConsumerOfTheReleasedSchemaReadsAnEventWithAddedAndRemoved() throws IOException {
        Schema released = SchemaEvolutionGuard.parse(RELEASED.resolve("0.1.0/AssociationEvent.avsc"));
        Association nine = Association.newBuilder().setToObjectId("9").setAssociationType("contact_to_company").build();
        Association ten = Association.newBuilder().setToObjectId("10").setAssociationType("contact_to_company").build();
        AssociationEvent event = AssociationEvent.newBuilder().setPortalId(42).setFromObjectType("contacts").setFromObjectId("1")
                .setToObjectType("companies").setAssociations(List.of(nine)).setComplete(true)
                .setFetchedAt(java.time.Instant.ofEpochMilli(1_000)).setApiVersion("v3")
                .setAdded(List.of(nine)).setRemoved(List.of(ten)).build();
        byte[] bytes = encode(new SpecificDatumWriter<>(AssociationEvent.class), event);

        GenericRecord read = new GenericDatumReader<GenericRecord>(AssociationEvent.getClassSchema(), released)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(read.hasField("added")).isFalse();
        assertThat(read.get("associations")).asList().singleElement()
                .satisfies(a -> assertThat(((GenericRecord) a).get("toObjectId").toString()).isEqualTo("9"));
    }

    private static <T> byte[] encode(org.apache.avro.io.DatumWriter<T> writer, T datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema withEnumSymbol(Schema schema, String enumField, String symbol) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
        for (var field : root.get("fields")) {
            if (field.get("name").asText().equals(enumField)) {
                ((ArrayNode) field.get("type").get("symbols")).add(symbol);
            }
        }
        return new Schema.Parser().parse(root.toString());
    }

    private static List<Path> releasedVersions() {
        try (Stream<Path> entries = Files.list(RELEASED)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("no released schemas at " + RELEASED.toAbsolutePath(), e);
        }
    }
}
