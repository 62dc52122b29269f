package com.associationenricher.events;

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
class ApicurioRegistryIT {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    private static Process apicurio;
    private static Thread killOnExit;
    private static String baseUrl;

    @BeforeAll
    static void startApicurio() throws IOException {
        Path runnerJar = runnerJar();
        int port = freePort();
        Path log = runnerJar.getParent().resolve("apicurio-" + port + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        apicurio = new ProcessBuilder(java, "-Xmx512m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN", "-jar", runnerJar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = apicurio;
        killOnExit = new Thread(started::destroyForcibly, "kill-apicurio-" + started.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        baseUrl = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long startedAt = System.nanoTime();
        await("Apicurio answering at " + baseUrl + " (log: " + log + ")")
                .atMost(STARTUP_LIMIT).pollInterval(Duration.ofMillis(250))
                .failFast("Apicurio exited during startup, see " + log, () -> !started.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        System.err.printf("Apicurio (pid %d) answered at %s after %d ms%n", started.pid(), baseUrl, (System.nanoTime() - startedAt) / 1_000_000);
    }

    @AfterAll
    static void stopApicurio() throws InterruptedException {
        if (apicurio == null) {
            return;
        }
        apicurio.destroy();
        if (!apicurio.waitFor(15, TimeUnit.SECONDS)) {
            apicurio.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
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

    private static Path runnerJar() throws IOException {
        String dir = System.getProperty("apicurio.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            fail("Apicurio Registry is not unpacked at -Dapicurio.dir=" + dir + ": run the integration tests through Maven "
                    + "(mvn verify), whose pre-integration-test phase unpacks io.apicurio:apicurio-registry-app:tar.gz:all there");
        }
        try (Stream<Path> files = Files.walk(Path.of(dir), 3)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseGet(() -> fail("no *-runner.jar under -Dapicurio.dir=" + dir + ": the unpacked Apicurio archive is "
                            + "incomplete; run mvn clean (a stale target/dependency-maven-plugin-markers entry stops the re-unpack)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
