package com.associationenricher.ingress;

import com.associationenricher.config.IngressSettings;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint HubSpot posts webhook batches to. A request is checked in the order that costs least to refuse:
 * method, size (413), signature (401), content (400); then its events are stored, and it is answered 200 only once
 * every one is acknowledged by Kafka, else 503 with {@code Retry-After}, so HubSpot sends the batch again and nothing
 * is lost. Bodies hold personal data: no answer or log line ever quotes one.
 */
public final class WebhookIngress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);
    static final int HANDLER_THREADS = 16;
    static final String RETRY_AFTER_SECONDS = "10";

    private final IngressSettings settings;
    private final SignatureVerifier verifier;
    private final ChangeEventSink sink;
    private final IngressMetrics metrics;
    private final HttpServer server;
    private final ExecutorService handlers;
    private volatile boolean serving;
    private final Object inFlightLock = new Object();
    private int inFlight;

    private WebhookIngress(IngressSettings settings, SignatureVerifier verifier, ChangeEventSink sink,
                           IngressMetrics metrics) throws IOException {
        this.settings = settings;
        this.verifier = verifier;
        this.sink = sink;
        this.metrics = metrics;
        this.server = HttpServer.create(new InetSocketAddress(settings.port()), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "webhook-ingress-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Starts listening on {@code ingress.port}; the sink stays the caller's to close, after this ingress. */
    public static WebhookIngress start(IngressSettings settings, SignatureVerifier verifier, ChangeEventSink sink,
                                       IngressMetrics metrics) {
        try {
            WebhookIngress ingress = new WebhookIngress(settings, verifier, sink, metrics);
            ingress.server.start();
            ingress.serving = true;
            LOG.info("Receiving HubSpot webhooks on port {} at {} (signature versions {})", ingress.port(),
                    settings.path(), settings.acceptedSignatureVersions());
            return ingress;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for webhooks on port " + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Ready while it accepts requests (readiness of Kafka shows in each answer: 503 until it is back). */
    public boolean isServing() {
        return serving;
    }

    /** What a request got, and why: logged and counted, never with the body. */
    private record Answer(IngressOutcome outcome, String reason, int bytes) {
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        Answer answer;
        synchronized (inFlightLock) {
            inFlight++;
        }
        try (exchange) {
            answer = serving ? judgeSafely(exchange) : new Answer(IngressOutcome.STOPPING, "shutting down", 0);
            // Counted before answering, so whoever sees the answer also sees it in the metrics.
            metrics.request(answer.outcome(), Duration.ofNanos(System.nanoTime() - started));
            respond(exchange, answer.outcome(), answer.reason());
        } catch (IOException e) {
            LOG.warn("Webhook request could not be answered: {}", e.toString());
            return;
        } finally {
            synchronized (inFlightLock) {
                inFlight--;
                inFlightLock.notifyAll();
            }
        }
        if (answer.outcome() == IngressOutcome.ACCEPTED) {
            LOG.debug("Webhook request accepted: {} bytes, {}", answer.bytes(), answer.reason());
        } else {
            LOG.warn("Webhook request refused: status {} ({}), {} bytes, from {}", answer.outcome().status(),
                    answer.reason(), answer.bytes(), exchange.getRemoteAddress());
        }
    }

    private Answer judgeSafely(HttpExchange exchange) throws IOException {
        try {
            return judge(exchange);
        } catch (RuntimeException e) {
            LOG.error("Webhook request failed", e);
            return new Answer(IngressOutcome.INTERNAL_ERROR, "internal error", 0);
        }
    }

    private Answer judge(HttpExchange exchange) throws IOException {
        URI requestUri = exchange.getRequestURI();
        if (!settings.path().equals(requestUri.getRawPath())) {
            return new Answer(IngressOutcome.NOT_FOUND, "no such path", 0);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return new Answer(IngressOutcome.METHOD_NOT_ALLOWED, "method " + exchange.getRequestMethod(), 0);
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            return new Answer(IngressOutcome.TOO_LARGE, "body over " + settings.maxBodyBytes() + " bytes",
                    Math.max(declaredLength(exchange), settings.maxBodyBytes() + 1));
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(SignedRequest.SIGNATURE_V3, SignedRequest.TIMESTAMP, SignedRequest.SIGNATURE,
                SignedRequest.SIGNATURE_VERSION)) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        SignatureCheck check = verifier.verify(new SignedRequest("POST", signedUri(exchange, requestUri), body, headers));
        if (!check.valid()) {
            return new Answer(IngressOutcome.UNAUTHORIZED, check.reason(), body.length);
        }
        List<CrmObjectChangeEvent> events;
        try {
            events = WebhookBatch.read(body, settings.maxEvents());
        } catch (MalformedWebhookException e) {
            return new Answer(IngressOutcome.MALFORMED, e.getMessage(), body.length);
        }
        try {
            sink.publish(events);
        } catch (SinkUnavailableException e) {
            return new Answer(IngressOutcome.KAFKA_UNAVAILABLE, e.getMessage(), body.length);
        }
        metrics.eventsProduced(events.size());
        return new Answer(IngressOutcome.ACCEPTED, events.size() + " events", body.length);
    }

    /**
     * The URL HubSpot signed: {@code ingress.public-url} when set (with the request's query when it has none), else
     * the URL this server was called at, as plain http (behind TLS termination, set the public URL).
     */
    private String signedUri(HttpExchange exchange, URI requestUri) {
        String rawQuery = requestUri.getRawQuery();
        if (settings.publicUrl().isPresent()) {
            URI publicUrl = settings.publicUrl().get();
            return publicUrl.getRawQuery() == null && rawQuery != null ? publicUrl + "?" + rawQuery : publicUrl.toString();
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        return "http://" + (host == null ? "localhost:" + port() : host) + requestUri;
    }

    /** The body, or null when it is larger than allowed; never reads more than one byte past the limit. */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        if (declaredLength(exchange) > settings.maxBodyBytes()) {
            return null;
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(settings.maxBodyBytes() + 1);
        return body.length > settings.maxBodyBytes() ? null : body;
    }

    private static int declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? -1 : (int) Math.min(Integer.MAX_VALUE, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void respond(HttpExchange exchange, IngressOutcome outcome, String reason) throws IOException {
        String json = outcome == IngressOutcome.ACCEPTED
                ? "{\"status\":\"accepted\"}"
                : "{\"error\":\"" + outcome.tag() + "\",\"reason\":\"" + jsonEscaped(reason) + "\"}";
        if (outcome.status() >= 500) {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            json = "{\"error\":\"" + outcome.tag() + "\",\"reason\":\"events not stored, retry later\"}";
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(outcome.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(' ');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * Lets requests in progress finish (each waits at most {@code ingress.kafka-timeout} for Kafka), answering new
     * ones 503, then stops listening. The sink is closed by its owner afterwards.
     */
    @Override
    public void close() {
        serving = false;
        // Not HttpServer.stop(grace) alone: on Java 17 it always sleeps the whole grace period.
        long deadline = System.nanoTime() + settings.kafkaTimeout().plusSeconds(1).toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    inFlightLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.stop(0);
        handlers.shutdownNow();
        LOG.info("Webhook ingress stopped");
    }
}
