package com.associationenricher.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 answering HubSpot's v4 batch/read: each id asked for has as many associations as
 * {@code counts} says (one by default), all in one page, so an answer can be far larger than a Kafka record.
 */
final class ManyAssociationsHubSpot implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final Map<String, Integer> counts;

    private ManyAssociationsHubSpot(HttpServer server, Map<String, Integer> counts) {
        this.server = server;
        this.counts = counts;
        server.createContext("/crm/v4/associations/", this::batchRead);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    static ManyAssociationsHubSpot start(Map<String, Integer> counts) {
        try {
            return new ManyAssociationsHubSpot(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void batchRead(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder body = new StringBuilder("{\"status\":\"COMPLETE\",\"results\":[");
        Matcher ids = ID.matcher(request);
        boolean first = true;
        while (ids.find()) {
            String id = ids.group(1);
            body.append(first ? "" : ",").append("{\"from\":{\"id\":\"").append(id).append("\"},\"to\":[");
            first = false;
            int count = counts.getOrDefault(id, 1);
            for (int i = 0; i < count; i++) {
                body.append(i == 0 ? "" : ",").append("{\"toObjectId\":").append(1_000_000_000L + i)
                        .append(",\"associationTypes\":[{\"category\":\"HUBSPOT_DEFINED\",\"typeId\":1}]}");
            }
            body.append("]}");
        }
        body.append("]}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
