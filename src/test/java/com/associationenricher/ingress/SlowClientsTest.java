package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingress faces the internet: clients that dawdle must not keep HubSpot's webhooks from being answered. */
class SlowClientsTest extends AgainstWebhookIngress {


    @Test
    void fiftyClientsSendingOneBytePerSecondDoNotDelayASignedWebhook() throws Exception {
        start(Map.of());
        // Warm the client and the server first, so the figure below is about the slow clients alone.
        assertThat(post(WebhookIngressHttpTest.TWO_EVENTS, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        sink.published.clear();
        try (SlowClients slow = SlowClients.start(ingress.port(), WebhookIngressHttpTest.PATH, 50)) {
            // Every client has started talking (two bytes each) before the real webhook arrives.
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.bytesSent() >= 100);

            long started = System.nanoTime();
            HttpResponse<String> response = post(WebhookIngressHttpTest.TWO_EVENTS, Duration.ofSeconds(1));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(sink.published).extracting(e -> e.getEventId()).containsExactly("101", "102");
        }
    }

    URI url() {
        return URI.create("http://localhost:" + ingress.port() + WebhookIngressHttpTest.PATH);
    }

    HttpResponse<String> post(String body, Duration timeout) throws Exception {
        long now = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(url()).timeout(timeout)
                .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(WebhookIngressHttpTest.SECRET, "POST", url().toString(), body, now))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
