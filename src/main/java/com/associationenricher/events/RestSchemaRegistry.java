package com.associationenricher.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A Confluent-compatible Schema Registry over its REST API (Confluent, Apicurio's {@code /apis/ccompat/v7}, Karapace,
 * Redpanda). Registers with {@code POST /subjects/{subject}/versions} (which also answers the id of an already
 * registered schema) and resolves ids with {@code GET /schemas/ids/{id}}. Answers are cached for the life of the
 * object: ids and schemas are immutable in a registry, so the cache never needs invalidating.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final RegistryAuth auth;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final SchemaCache cache = new SchemaCache();

    /**
     * @param baseUrl the registry root, possibly with a path ({@code http://host:8080/apis/ccompat/v7}); user-info in
     *                the URL ({@code http://user:pass@host}) is used as basic auth when {@code auth} is none
     */
    public RestSchemaRegistry(String baseUrl, RegistryAuth auth, Duration connectTimeout, Duration requestTimeout) {
        URI uri = URI.create(baseUrl);
        if (uri.getRawUserInfo() != null && auth == RegistryAuth.none()) {
            auth = RegistryAuth.basic(URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8));
        }
        this.baseUrl = withoutUserInfo(uri).replaceAll("/+$", "");
        this.auth = auth;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    public RestSchemaRegistry(String baseUrl, RegistryAuth auth) {
        this(baseUrl, auth, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The registry root without any user-info, as used in messages. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        return cache.id(subject, schema, () -> registerRemotely(subject, schema));
    }

    private int registerRemotely(String subject, Schema schema) {
        String what = "registering a schema under subject '" + subject + "'";
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        HttpRequest request = request("/subjects/" + encode(subject) + "/versions")
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        JsonNode answer = send(request, what);
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException(describe(what) + " failed: the answer has no integer 'id': " + abbreviate(answer.toString()), -1);
        }
        int id = answer.get("id").asInt();
        cache.remember(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        return cache.schema(id, () -> lookUpRemotely(id));
    }

    private Schema lookUpRemotely(int id) {
        String what = "looking up schema id " + id;
        JsonNode answer = send(request("/schemas/ids/" + id).GET().build(), what);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(describe(what) + " failed: it is a " + type + " schema, not AVRO", -1);
        }
        if (!answer.path("schema").isTextual()) {
            throw new SchemaRegistryException(describe(what) + " failed: the answer has no 'schema' text: " + abbreviate(answer.toString()), -1);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(describe(what) + " failed: the registry's schema does not parse as Avro: " + e.getMessage(), -1, e);
        }
        return schema;
    }

    @Override
    public String toString() {
        return "RestSchemaRegistry[" + baseUrl + ", " + auth + "]";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        auth.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new SchemaRegistryUnavailableException(describe(what) + " failed: no connection within " + pretty(connectTimeout()), -1, e);
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryUnavailableException(describe(what) + " failed: no answer within " + pretty(requestTimeout), -1, e);
        } catch (ConnectException e) {
            throw new SchemaRegistryUnavailableException(describe(what) + " failed: cannot connect (" + e + ")", -1, e);
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException(describe(what) + " failed: " + auth.redact(e.toString()), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(describe(what) + " was interrupted", -1, e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2 && body != null) {
            return body;
        }
        if (status / 100 == 2) {
            throw new SchemaRegistryException(describe(what) + " failed: the answer is not JSON: " + abbreviate(response.body()), status);
        }
        int code = body != null && body.path("error_code").canConvertToInt() ? body.get("error_code").asInt() : status;
        String registryMessage = body != null && body.path("message").isTextual() ? body.get("message").asText() : abbreviate(response.body());
        String detail = registryMessage == null || registryMessage.isBlank() ? "" : ": " + auth.redact(registryMessage);
        String message = describe(what) + " failed: " + RegistryErrors.meaning(code, status)
                + " (HTTP " + status + ", error code " + code + ")" + detail;
        if (SchemaRegistryUnavailableException.isUnavailable(code, status)) {
            throw new SchemaRegistryUnavailableException(message, code, null);
        }
        throw new SchemaRegistryException(message, code);
    }

    private Duration connectTimeout() {
        return http.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT);
    }

    private String describe(String what) {
        return "Schema Registry " + baseUrl + ": " + what;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String pretty(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL must be absolute, like http://host:8081, got '"
                    + uri.getScheme() + "://" + uri.getHost() + "'");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
