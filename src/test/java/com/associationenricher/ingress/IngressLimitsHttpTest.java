package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one client may cost the ingress: a late body, a body past the limit, a full set of workers. */
class IngressLimitsHttpTest extends AgainstWebhookIngress {


    @AfterEach
    void releaseBlockedWorkers() {
        sink.gate.countDown();
    }

    @Test
    void aBodyThatDoesNotArriveWithinTheReadTimeoutIsAnswered408AndTheConnectionClosed() throws Exception {
        start(Map.of("ingress.read-timeout", "500ms"));
        try (Socket socket = new Socket("127.0.0.1", ingress.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WebhookIngressHttpTest.PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n[{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("read_timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
        assertThat(metrics.requests(IngressOutcome.READ_TIMEOUT)).isEqualTo(1);
        assertThat(sink.published).isEmpty();
    }

    @Test
    void aClientTricklingItsHeadersIsDisconnectedAfterTheReadTimeout() throws Exception {
        start(Map.of("ingress.read-timeout", "1s"));
        try (Socket socket = new Socket("127.0.0.1", ingress.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST " + WebhookIngressHttpTest.PATH + " HTTP/1.1\r\nHo").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long started = System.nanoTime();

            int read = socket.getInputStream().read();

            assertThat(read).as("closed by the server, not answered").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aStreamedBodyIsRefusedWith413AsSoonAsItPassesTheLimitNotWhenItEnds() throws Exception {
        start(Map.of("ingress.max-body-bytes", "1000"));
        try (Socket socket = new Socket("127.0.0.1", ingress.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WebhookIngressHttpTest.PATH + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String chunk = "[" + "x".repeat(1_499);
            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The body never ends: the answer can only come from a limit enforced while reading.

            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
        assertThat(metrics.requests(IngressOutcome.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void withEveryWorkerBusyAndTheQueueFullARequestIsAnswered503AtOnce() throws Exception {
        start(Map.of("ingress.worker-threads", "1", "ingress.max-queued-requests", "1"));
        CountDownLatch gate = new CountDownLatch(1);
        sink.gate = gate;
        CompletableFuture<HttpResponse<String>> working = postAsync();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.waiting.get() == 1);
        CompletableFuture<HttpResponse<String>> queued = postAsync();
        await().atMost(Duration.ofSeconds(10)).until(this::queuedOne);

        HttpResponse<String> refused = postAsync().get(2, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("10");
        assertThat(refused.body()).contains("saturated");
        gate.countDown();
        assertThat(working.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(sink.published).hasSize(4);
    }

    /** The second request has reached the workers' queue (it was read and is neither answered nor working). */
    boolean queuedOne() {
        return ingress.queuedRequests() == 1;
    }

    CompletableFuture<HttpResponse<String>> postAsync() {
        URI url = URI.create("http://localhost:" + ingress.port() + WebhookIngressHttpTest.PATH);
        String body = WebhookIngressHttpTest.TWO_EVENTS;
        long now = System.currentTimeMillis();
        return http.sendAsync(HttpRequest.newBuilder(url)
                .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(WebhookIngressHttpTest.SECRET, "POST", url.toString(), body, now))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
