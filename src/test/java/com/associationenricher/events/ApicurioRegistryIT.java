package com.associationenricher.events;

import com.associationenricher.testkit.ApicurioRegistry;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST registry client and the serde against a real third-party registry: Apicurio Registry 2.6 (unpacked by
 * Maven into {@code -Dapicurio.dir}) through its Confluent-compatible API, run as a child process with in-memory
 * storage on a free port of 127.0.0.1.
 */
@ExtendWith(ApicurioRegistry.class)
class ApicurioRegistryIT {

    private static String baseUrl;

    @BeforeAll
    static void registry() {
        baseUrl = ApicurioRegistry.url();
    }

    @Test
    void everySchemaRegistersAndIsFoundAgainByIdAndBySubject() {
        List<Schema> schemas = List.of(CrmObjectChangeEvent.getClassSchema(), AssociationEvent.getClassSchema(),
                AssociationDeadLetter.getClassSchema(), PendingLookup.getClassSchema());
        RestSchemaRegistry writer = new RestSchemaRegistry(baseUrl, RegistryAuth.none());
        for (Schema schema : schemas) {
            String subject = "register-" + schema.getName() + "-value";
            int id = writer.register(subject, schema);

            RestSchemaRegistry freshClient = new RestSchemaRegistry(baseUrl, RegistryAuth.none());
            assertThat(freshClient.schemaById(id)).as(subject).isEqualTo(schema);
            assertThat(freshClient.register(subject, schema)).as("re-registering %s", subject).isEqualTo(id);
        }
    }

    @Test
    void recordsRoundTripThroughTheSerdeWithIdsFromApicurio() {
        var producerSide = ConfluentAvroSerde.forValues(new RestSchemaRegistry(baseUrl, RegistryAuth.none()), AssociationEvent.class);
        var consumerSide = ConfluentAvroSerde.forValues(new RestSchemaRegistry(baseUrl, RegistryAuth.none()), AssociationEvent.class);

        byte[] bytes = producerSide.serializer().serialize("roundtrip-associations", SampleRecords.associationEvent("101"));

        assertThat(consumerSide.deserializer().deserialize("roundtrip-associations", bytes)).isEqualTo(SampleRecords.associationEvent("101"));
        assertThat(new GenericAvroDecoder(new RestSchemaRegistry(baseUrl, RegistryAuth.none())).toJson("roundtrip-associations", bytes))
                .contains("\"fetchedAt\":\"2026-01-02T03:04:05.678Z\"");
    }

    @Test
    void recordWrittenWithAnOlderVersionRegisteredInApicurioDecodes() throws Exception {
        Schema older = SchemaVariants.withoutFields(CrmObjectChangeEvent.getClassSchema(), "associationRemoved");
        int olderId = new RestSchemaRegistry(baseUrl, RegistryAuth.none()).register("evolution-changes-value", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("eventId", "e-old");
        written.put("portalId", 1L);
        written.put("objectType", "contacts");
        written.put("objectId", "7");
        written.put("changeType", new GenericData.EnumSymbol(older.getField("changeType").schema(), "CREATED"));
        written.put("occurredAt", 5L);

        CrmObjectChangeEvent read = ConfluentAvroSerde.forValues(new RestSchemaRegistry(baseUrl, RegistryAuth.none()), CrmObjectChangeEvent.class)
                .deserializer().deserialize("evolution-changes", ConfluentAvroSerdeTest.frame(olderId, older, written));

        assertThat(read.getEventId()).isEqualTo("e-old");
        assertThat(read.getAssociationRemoved()).isNull();
    }

    @Test
    void incompatibleVersionUnderABackwardRuleIsRefusedWith409() throws Exception {
        String subject = "compat-changes-value";
        RestSchemaRegistry registry = new RestSchemaRegistry(baseUrl, RegistryAuth.none());
        registry.register(subject, SchemaVariants.withoutFields(CrmObjectChangeEvent.getClassSchema(), "eventId"));
        HttpResponse<String> rule = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/config/" + subject))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);

        assertThatThrownBy(() -> registry.register(subject, CrmObjectChangeEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject '" + subject + "'")
                .hasMessageContaining(baseUrl)
                .hasMessageContaining("incompatible")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).as(e.getMessage()).isEqualTo(409));
    }

    @Test
    void unknownIdIsNotFoundNamingTheIdAndTheRegistry() {
        assertThatThrownBy(() -> new RestSchemaRegistry(baseUrl, RegistryAuth.none()).schemaById(987_654))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 987654")
                .hasMessageContaining(baseUrl)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).as(e.getMessage()).isTrue());
    }
}
