package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestSchemaRegistryTest {

    private static final String PATH = "/apis/ccompat/v7";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseStalledAnswers = new CountDownLatch(1);
    private volatile Function<Recorded, Answer> answers = request -> new Answer(200, "{\"id\":7}");
    private HttpServer server;
    private ExecutorService executor;
    private String baseUrl;

    @BeforeEach
    void startFakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @AfterEach
    void stopFakeRegistry() {
        releaseStalledAnswers.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void registrationPostsTheSchemaToTheSubjectUnderTheBasePath() throws Exception {
        int id = registry(RegistryAuth.none()).register("changes-value", CrmObjectChangeEvent.getClassSchema());

        assertThat(id).isEqualTo(7);
        Recorded request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(PATH + "/subjects/changes-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        String sentSchema = JSON.readTree(request.body()).get("schema").asText();
        assertThat(new Schema.Parser().parse(sentSchema)).isEqualTo(CrmObjectChangeEvent.getClassSchema());
        assertThat(request.authorization()).isNull();
    }

    @Test
    void lookupParsesTheRegistrysSchema() {
        answers = request -> new Answer(200, JSON.createObjectNode().put("schema", AssociationEvent.getClassSchema().toString()).toString());

        Schema schema = registry(RegistryAuth.none()).schemaById(12);

        assertThat(schema).isEqualTo(AssociationEvent.getClassSchema());
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).path()).isEqualTo(PATH + "/schemas/ids/12");
    }

    @Test
    void answersAreCachedSoTheRegistryIsAskedOncePerSubjectSchemaAndPerId() {
        RestSchemaRegistry registry = registry(RegistryAuth.none());
        registry.register("changes-value", CrmObjectChangeEvent.getClassSchema());
        registry.register("changes-value", CrmObjectChangeEvent.getClassSchema());
        assertThat(registry.schemaById(7)).isEqualTo(CrmObjectChangeEvent.getClassSchema());
        answers = request -> new Answer(200, JSON.createObjectNode().put("schema", AssociationEvent.getClassSchema().toString()).toString());
        registry.schemaById(8);
        registry.schemaById(8);

        assertThat(requests).extracting(Recorded::path)
                .containsExactly(PATH + "/subjects/changes-value/versions", PATH + "/schemas/ids/8");
    }

    @Test
    void basicAuthSendsTheUserInfoAsAnAuthorizationHeader() {
        registry(RegistryAuth.basic("svc:" + PASSWORD)).register("changes-value", CrmObjectChangeEvent.getClassSchema());

        String expected = "Basic " + Base64.getEncoder().encodeToString(("svc:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(requests.get(0).authorization()).isEqualTo(expected);
    }

    @Test
    void bearerAuthSendsTheToken() {
        registry(RegistryAuth.bearer("tok-123")).register("changes-value", CrmObjectChangeEvent.getClassSchema());

        assertThat(requests.get(0).authorization()).isEqualTo("Bearer tok-123");
    }

    @ParameterizedTest
    @CsvSource({
            "404, 40401, subject not found",
            "409, 409,   incompatible with an earlier version",
            "422, 42201, rejected the schema as invalid",
            "500, 50001, backend store failed",
            "401, 40101, authentication failed",
            "403, 40301, not allowed",
    })
    void registrationErrorCodesBecomeMessagesNamingSubjectAndRegistry(int status, int code, String meaning) {
        answers = request -> new Answer(status, "{\"error_code\":" + code + ",\"message\":\"registry says no\"}");

        assertThatThrownBy(() -> registry(RegistryAuth.basic("svc:" + PASSWORD)).register("changes-value", CrmObjectChangeEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema Registry " + baseUrl)
                .hasMessageContaining("subject 'changes-value'")
                .hasMessageContaining(meaning)
                .hasMessageContaining("error code " + code)
                .hasMessageContaining("registry says no")
                .hasMessageNotContaining(PASSWORD)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(code));
    }

    @Test
    void unknownIdNamesTheIdAndIsNotFound() {
        answers = request -> new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

        assertThatThrownBy(() -> registry(RegistryAuth.none()).schemaById(99))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 99")
                .hasMessageContaining("schema not found")
                .hasMessageContaining(baseUrl)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
    }

    @Test
    void wrongBasePathIsExplainedWhenTheAnswerIsNotTheRegistrys() {
        answers = request -> new Answer(404, "<html>Not Found</html>");

        assertThatThrownBy(() -> registry(RegistryAuth.none()).schemaById(1))
                .hasMessageContaining("is the registry URL, including its path, right?");
    }

    @Test
    void nonAvroSchemasAreRefused() {
        answers = request -> new Answer(200, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

        assertThatThrownBy(() -> registry(RegistryAuth.none()).schemaById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 3")
                .hasMessageContaining("PROTOBUF schema, not AVRO");
    }

    @Test
    void passwordNeverAppearsEvenWhenTheRegistryEchoesIt() {
        answers = request -> new Answer(401, "{\"error_code\":40101,\"message\":\"bad credentials svc:" + PASSWORD + "\"}");

        assertThatThrownBy(() -> registry(RegistryAuth.basic("svc:" + PASSWORD)).register("changes-value", CrmObjectChangeEvent.getClassSchema()))
                .hasMessageContaining("bad credentials svc:****")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void unreachableRegistryIsAClearErrorWithoutTheUrlPassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://svc:" + PASSWORD + "@127.0.0.1:" + closedPort + PATH;

        assertThatThrownBy(() -> SchemaRegistries.connect(url, null, null).schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + PATH)
                .hasMessageContaining("cannot connect")
                .hasMessageNotContaining(PASSWORD)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(-1));
    }

    @Test
    void registryThatNeverAnswersTimesOutInsteadOfHanging() {
        answers = request -> {
            try {
                releaseStalledAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(200, "{\"id\":1}");
        };
        var registry = new RestSchemaRegistry(baseUrl, RegistryAuth.none(), Duration.ofSeconds(2), Duration.ofMillis(300));

        assertThatThrownBy(() -> registry.register("changes-value", CrmObjectChangeEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'changes-value'")
                .hasMessageContaining("no answer within 300 ms");
    }

    private RestSchemaRegistry registry(RegistryAuth auth) {
        return new RestSchemaRegistry(baseUrl, auth, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Answer answer = answers.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private record Recorded(String method, String path, String contentType, String authorization, String body) {
    }

    private record Answer(int status, String body) {
    }
}
