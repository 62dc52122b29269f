package com.associationenricher.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.utils.ThreadUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint for orchestrators and Prometheus: {@code /health/live}, {@code /health/ready} and
 * {@code /metrics}. Liveness says the process answers; readiness is decided by the caller (Streams RUNNING, ...).
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private final HttpServer server;

    public OpsServer(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, ThreadUtils.createThreadFactory("ops-http-%d", true)));
        server.createContext("/health/live", exchange -> respond(exchange, 200, "text/plain", "UP\n"));
        server.createContext("/health/ready", exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, "text/plain", isReady ? "READY\n" : "NOT READY\n");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.start();
        LOG.info("Health and metrics on http://{}:{}/ (health/live, health/ready, metrics)", host, port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
