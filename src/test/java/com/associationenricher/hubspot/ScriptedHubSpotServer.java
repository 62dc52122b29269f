package com.associationenricher.hubspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that plays HubSpot: each test scripts the answers, in order, one per request
 * (status, headers, body, delay, a body cut short by the server dying, or a connection dropped before any answer),
 * and the server
 * records every request it received. Unscripted requests get a 599 so a test notices them.
 */
final class ScriptedHubSpotServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Answer> responder;

    private ScriptedHubSpotServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    static ScriptedHubSpotServer start() {
        try {
            return new ScriptedHubSpotServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start scripted HubSpot server", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    ScriptedHubSpotServer answer(Answer answer) {
        script.add(answer);
        return this;
    }

    /** Answers every request the script does not cover by computing it from the request. */
    ScriptedHubSpotServer respondWith(Function<RecordedRequest, Answer> responder) {
        this.responder = responder;
        return this;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests to paths containing {@code pathPart}. */
    List<RecordedRequest> requests(String pathPart) {
        return requests.stream().filter(request -> request.path().contains(pathPart)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                headers, new String(body, StandardCharsets.UTF_8), System.nanoTime());
        requests.add(request);
        Answer answer = script.poll();
        Function<RecordedRequest, Answer> computed = responder;
        if (answer == null && computed != null) {
            answer = computed.apply(request);
        }
        if (answer == null) {
            answer = Answer.status(599).body("{\"message\":\"no scripted answer\"}");
        }
        Answer chosen = answer;
        if (chosen.delay.isZero()) {
            respond(exchange, chosen);
        } else {
            delays.schedule(() -> respond(exchange, chosen), chosen.delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void respond(HttpExchange exchange, Answer answer) {
        try {
            if (answer.dropConnection) {
                // Closing before any status line: the server closes the socket and the client sees the stream end.
                exchange.close();
                return;
            }
            answer.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
            int sent = answer.truncateAfter < 0 ? bytes.length : Math.min(answer.truncateAfter, bytes.length);
            exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, sent);
            out.flush();
            if (sent < bytes.length) {
                // HttpServer would keep a short answer's connection open forever; dying closes it mid-body.
                server.stop(0);
                return;
            }
            out.close();
        } catch (IOException expected) {
            // A truncated answer fails on close, and a late answer finds the client gone: both are the point.
        } finally {
            exchange.close();
        }
    }

    /** One request as the server received it; header names are lower case. */
    record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body, long receivedAtNanos) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A scripted answer, built fluently: {@code Answer.status(207).json(body).header("Retry-After", "3")}. */
    static final class Answer {
        private final int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body = "";
        private Duration delay = Duration.ZERO;
        private int truncateAfter = -1;
        private boolean dropConnection;

        private Answer(int status) {
            this.status = status;
        }

        static Answer status(int status) {
            return new Answer(status);
        }

        static Answer json(int status, String body) {
            return status(status).header("Content-Type", "application/json;charset=utf-8").body(body);
        }

        /** The server reads the request, then closes the connection without answering. */
        static Answer dropConnection() {
            Answer answer = new Answer(0);
            answer.dropConnection = true;
            return answer;
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Answer body(String body) {
            this.body = body;
            return this;
        }

        Answer delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /**
         * Announces the full Content-Length, sends only the first {@code bytes} bytes, then the whole server dies
         * (every connection closes, later requests are refused), as when HubSpot's edge crashes mid-answer.
         */
        Answer truncatedAfter(int bytes) {
            this.truncateAfter = bytes;
            return this;
        }
    }
}
