package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A Schema Registry look-alike for tests and the benchmark: a real HTTP server on 127.0.0.1 speaking the subset of
 * Confluent's Schema Registry REST API the enricher uses
 * ({@code POST /subjects/{subject}/versions}, {@code GET /schemas/ids/{id}}), whose schemas survive {@link #stop()}
 * and {@link #start()} on the same port: a registry restart as the enricher sees it (connection refused meanwhile).
 */
public final class SchemaRegistrySimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile HttpServer server;

    private SchemaRegistrySimulator(int port) {
        this.port = port;
    }

    public static SchemaRegistrySimulator startOnFreePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            SchemaRegistrySimulator registry = new SchemaRegistrySimulator(socket.getLocalPort());
            socket.close();
            registry.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            created.createContext("/", this::handle);
            created.setExecutor(Executors.newFixedThreadPool(2));
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.startsWith("/subjects/") && path.endsWith("/versions")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String schema = new Schema.Parser().parse(body.get("schema").asText()).toString();
            int id = idsBySchema.computeIfAbsent(schema, s -> {
                int allocated = nextId.getAndIncrement();
                schemasById.put(allocated, s);
                return allocated;
            });
            respond(exchange, 200, JSON.createObjectNode().put("id", id).toString());
        } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/schemas/ids/")) {
            String schema = schemasById.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
            if (schema == null) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            } else {
                respond(exchange, 200, JSON.createObjectNode().put("schema", schema).toString());
            }
        } else {
            respond(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
