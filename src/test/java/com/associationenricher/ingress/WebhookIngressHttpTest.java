package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.pipeline.ObjectChanges;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WebhookIngressHttpTest extends AgainstWebhookIngress {

    static final String SECRET = "0a1b2c3d-app-secret";
    static final String PATH = "/webhooks/hubspot";
    static final String TWO_EVENTS = """
            [{"eventId":101,"subscriptionId":9,"portalId":62515,"appId":7,"occurredAt":1700000000000,
              "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,
              "changeSource":"CRM","propertyName":"email","propertyValue":"jane.doe@example.com"},
             {"eventId":102,"portalId":62515,"appId":7,"occurredAt":1700000000001,
              "subscriptionType":"object.creation","objectTypeId":"0-3","objectId":77}]""";


    @Test
    void aSignedBatchIsAnsweredOkOnlyWithEveryEventPublished() throws Exception {
        start(Map.of());

        HttpResponse<String> response = post(TWO_EVENTS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sink.published).extracting(e -> e.getEventId()).containsExactly("101", "102");
        assertThat(sink.published.get(0).getChangeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(ObjectChanges.objectKey(sink.published.get(1))).isEqualTo("62515:deals:77");
        assertThat(metrics.requests(IngressOutcome.ACCEPTED)).isEqualTo(1);
        assertThat(metrics.eventsProduced()).isEqualTo(2);
    }

    @Test
    void aSingleEventObjectIsAccepted() throws Exception {
        start(Map.of());

        HttpResponse<String> response = post("""
                {"eventId":5,"portalId":1,"occurredAt":1,"subscriptionType":"object.deletion","objectTypeId":"0-5","objectId":9}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sink.published).singleElement().satisfies(e -> assertThat(e.getObjectType()).isEqualTo("tickets"));
    }

    @Test
    void aMethodOtherThanPostIsRefusedWith405() throws Exception {
        start(Map.of());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(metrics.requests(IngressOutcome.METHOD_NOT_ALLOWED)).isEqualTo(1);
    }

    @Test
    void anotherPathIsNotFound() throws Exception {
        start(Map.of());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + "/other"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherDeclaredOrStreamed() throws Exception {
        start(Map.of("ingress.max-body-bytes", "1000"));
        String big = manyEvents(20);
        assertThat(big.length()).isGreaterThan(1000);

        HttpResponse<String> declared = post(big);
        HttpResponse<String> chunked = http.send(signed(HttpRequest.newBuilder(url()), big)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(sink.published).isEmpty();
        assertThat(metrics.requests(IngressOutcome.TOO_LARGE)).isEqualTo(2);
    }

    @Test
    void aBadSignatureIsRefusedWith401AndNothingIsPublished() throws Exception {
        start(Map.of());
        long now = System.currentTimeMillis();

        HttpResponse<String> wrongSecret = http.send(HttpRequest.newBuilder(url())
                .header("X-HubSpot-Signature-v3", HubSpotSigner.v3("not-the-secret", "POST", url().toString(), TWO_EVENTS, now))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                .POST(HttpRequest.BodyPublishers.ofString(TWO_EVENTS)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(url())
                .POST(HttpRequest.BodyPublishers.ofString(TWO_EVENTS)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(sink.published).isEmpty();
        assertThat(metrics.requests(IngressOutcome.UNAUTHORIZED)).isEqualTo(2);
    }

    @Test
    void aStaleTimestampIsRefusedWith401() throws Exception {
        start(Map.of());
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url())
                .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(SECRET, "POST", url().toString(), TWO_EVENTS, tenMinutesAgo))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(tenMinutesAgo))
                .POST(HttpRequest.BodyPublishers.ofString(TWO_EVENTS)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void malformedBodiesAreRefusedWith400WithoutEchoingThem() throws Exception {
        start(Map.of("ingress.max-events", "5"));
        String invalidEvent = TWO_EVENTS.replace("\"objectId\":77", "\"objectIdentifier\":77");

        Map<String, HttpResponse<String>> responses = new HashMap<>();
        for (String body : new String[] {"not json at all", "42", manyEvents(6), invalidEvent}) {
            responses.put(body, post(body));
        }

        assertThat(responses.values()).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.body()).doesNotContain("jane.doe@example.com").doesNotContain("not json at all");
        });
        assertThat(responses.get(manyEvents(6)).body()).contains("more than the limit of 5");
        assertThat(responses.get(invalidEvent).body()).contains("event 1").contains("objectId");
        assertThat(sink.published).as("a batch with one invalid event is refused whole").isEmpty();
        assertThat(metrics.requests(IngressOutcome.MALFORMED)).isEqualTo(4);
    }

    @Test
    void kafkaUnavailableIsAnswered503WithRetryAfter() throws Exception {
        start(Map.of());
        sink.unavailable = true;

        HttpResponse<String> response = post(TWO_EVENTS);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("10");
        assertThat(metrics.requests(IngressOutcome.KAFKA_UNAVAILABLE)).isEqualTo(1);
        assertThat(metrics.eventsProduced()).isZero();
    }

    @Test
    void behindAProxyThePublicUrlIsTheSignedOne() throws Exception {
        String publicUrl = "https://hooks.example.com/crm/hubspot";
        start(Map.of("ingress.public-url", publicUrl));
        long now = System.currentTimeMillis();

        HttpResponse<String> signedForPublicUrl = http.send(HttpRequest.newBuilder(URI.create(url() + "?portal=1"))
                .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(SECRET, "POST", publicUrl + "?portal=1", TWO_EVENTS, now))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                .POST(HttpRequest.BodyPublishers.ofString(TWO_EVENTS)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signedForLocalUrl = post(TWO_EVENTS);

        assertThat(signedForPublicUrl.statusCode()).isEqualTo(200);
        assertThat(signedForLocalUrl.statusCode()).isEqualTo(401);
    }

    @Test
    void closingLetsARequestInProgressFinishAndRefusesNewOnesWith503() throws Exception {
        start(Map.of());
        CountDownLatch gate = new CountDownLatch(1);
        sink.gate = gate;
        CompletableFuture<HttpResponse<String>> inProgress = http.sendAsync(
                signed(HttpRequest.newBuilder(url()), TWO_EVENTS).POST(HttpRequest.BodyPublishers.ofString(TWO_EVENTS)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.waiting.get() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(ingress::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ingress.isServing());
        HttpResponse<String> duringShutdown = post(TWO_EVENTS);
        assertThat(closing).isNotDone();
        gate.countDown();

        assertThat(inProgress.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(duringShutdown.statusCode()).isEqualTo(503);
        assertThat(duringShutdown.headers().firstValue("Retry-After")).contains("10");
        assertThat(sink.published).hasSize(2);
        ingress = null;
    }

    URI url() {
        return URI.create("http://localhost:" + ingress.port() + PATH);
    }

    HttpResponse<String> post(String body) throws Exception {
        return http.send(signed(HttpRequest.newBuilder(url()), body).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder signed(HttpRequest.Builder request, String body) {
        long now = System.currentTimeMillis();
        return request.header("X-HubSpot-Signature-v3", HubSpotSigner.v3(SECRET, "POST", url().toString(), body, now))
                .header("X-HubSpot-Request-Timestamp", String.valueOf(now));
    }

    static String manyEvents(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"eventId\":" + i + ",\"portalId\":1,\"occurredAt\":1,"
                        + "\"subscriptionType\":\"contact.creation\",\"objectId\":" + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
