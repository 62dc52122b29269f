package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.hubspot.ScriptedHubSpotServer.RecordedRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a real HTTP server on 127.0.0.1 that answers as scripted. */
class HubSpotAssociationsClientTest {

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    /** Generous: the first call of a cold JVM on a loaded machine takes seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(8);

    ScriptedHubSpotServer server;
    HubSpotAssociationsClient client;
    CountingTokens tokens = new CountingTokens("pat-na1-test-token");
    List<RateLimitStatus> rateLimits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = ScriptedHubSpotServer.start();
        client = clientFor(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HubSpotAssociationsClient clientFor(URI baseUrl) {
        return clientFor(baseUrl, TIMEOUT);
    }

    HubSpotAssociationsClient clientFor(URI baseUrl, Duration timeout) {
        return new HubSpotAssociationsClient(baseUrl, tokens, timeout, HttpClient.newHttpClient(),
                (request, status) -> rateLimits.add(status), Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    static BatchReadRequest request(String... ids) {
        return new BatchReadRequest(42L, "deals", "companies", List.of(ids));
    }

    HttpCallResult call(String... ids) throws Exception {
        return client.call(request(ids)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheRequestHubSpotExpects() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[]}"));

        call("37295", "8");

        assertThat(server.requests()).hasSize(1);
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/crm/v3/associations/deals/companies/batch/read");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer pat-na1-test-token");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"inputs\":[{\"id\":\"37295\"},{\"id\":\"8\"}]}");
    }

    @Test
    void matchesResultsByFromIdNotByPosition() throws Exception {
        server.answer(Answer.json(200, """
                {"status":"COMPLETE","results":[
                  {"from":{"id":"2"},"to":[{"id":"900","type":"deal_to_company"}]},
                  {"from":{"id":"1"},"to":[{"id":"700","type":"deal_to_company"},{"id":"701","type":"deal_to_company"}],"extra":true}
                ],"requestedAt":"2026-03-10T15:00:00Z","links":{}}"""));

        HttpCallResult result = call("1", "2");

        assertThat(result.failure()).isNull();
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.result().outcomes()).containsOnlyKeys("1", "2");
        assertThat(result.result().outcomes().get("1")).isEqualTo(new IdOutcome.Found(List.of(
                FoundAssociation.v3("700", "deal_to_company"), FoundAssociation.v3("701", "deal_to_company")), true, "v3"));
        assertThat(result.result().outcomes().get("2")).isEqualTo(
                new IdOutcome.Found(List.of(FoundAssociation.v3("900", "deal_to_company")), true, "v3"));
    }

    @Test
    void multiStatusGivesEachIdItsOwnOutcome() throws Exception {
        server.answer(Answer.json(207, """
                {"status":"COMPLETE","numErrors":3,
                 "results":[{"from":{"id":"1"},"to":[{"id":"700","type":"deal_to_company"}]},
                            {"from":{"id":"999"},"to":[{"id":"1","type":"deal_to_company"}]}],
                 "errors":[
                   {"status":"error","category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND",
                    "message":"No company is associated with deal 2.","context":{"fromObjectId":["2"]}},
                   {"status":"error","category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND",
                    "message":"No company is associated with deal 3."},
                   {"status":"error","category":"OBJECT_NOT_FOUND","subCategory":"crm.objects.OBJECT_NOT_FOUND",
                    "message":"Object not found","context":{"ids":["4"]}}
                 ]}"""));

        HttpCallResult result = call("1", "2", "3", "4", "5");

        var outcomes = result.result().outcomes();
        assertThat(outcomes).containsOnlyKeys("1", "2", "3", "4", "5");
        assertThat(outcomes.get("1")).isEqualTo(new IdOutcome.Found(List.of(FoundAssociation.v3("700", "deal_to_company")), true, "v3"));
        assertThat(outcomes.get("2")).isEqualTo(new IdOutcome.Found(List.of(), true, "v3"));
        assertThat(outcomes.get("3")).isEqualTo(new IdOutcome.Found(List.of(), true, "v3"));
        assertThat(outcomes.get("4")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
            assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.OBJECT_ERROR);
            assertThat(failed.detail().httpStatus()).isEqualTo(207);
            assertThat(failed.detail().category()).isEqualTo("OBJECT_NOT_FOUND");
            assertThat(failed.detail().subCategory()).isEqualTo("crm.objects.OBJECT_NOT_FOUND");
            assertThat(failed.detail().message()).isEqualTo("Object not found");
            assertThat(failed.detail().context()).containsEntry("ids", List.of("4"));
        });
        assertThat(outcomes.get("5")).isInstanceOfSatisfying(IdOutcome.Failed.class,
                failed -> assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNACCOUNTED));
        assertThat(result.failure()).isNull();
    }

    @Test
    void pagingMarksAnAssociationListIncomplete() throws Exception {
        server.answer(Answer.json(200, """
                {"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[{"id":"700","type":"deal_to_company"}],
                  "paging":{"next":{"after":"MTAw","link":"?after=MTAw"}}}]}"""));

        assertThat(call("1").result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Found.class,
                found -> assertThat(found.complete()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"context\":{\"missingScopes\":[\"scope1\",\"scope2\"]}}",
        "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"context\":{\"requiredScopes\":[\"scope1\",\"scope2\"]}}",
        "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"errors\":[{\"message\":\"One or more of the following scopes are required.\",\"context\":{\"requiredGranularScopes\":[\"scope1\",\"scope2\"]}}]}",
        "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"context\":{},\"errors\":[{\"message\":\"x\",\"context\":\"{missingScopes=[scope1, scope2]}\"}],\"subCategory\":{}}",
        "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"context\":\"{missingScopes=[scope1, scope2]}\"}",
        "{\"message\":\"m\",\"context\":{\"missingScopes\":\"[scope1, scope2]\"}}"
    })
    void forbiddenAnswersDeadLetterEveryIdWithTheMissingScopes(String body) throws Exception {
        server.answer(Answer.json(403, body));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
                    assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.MISSING_SCOPES);
                    assertThat(failed.detail().missingScopes()).containsExactly("scope1", "scope2");
                    assertThat(failed.detail().httpStatus()).isEqualTo(403);
                    assertThat(failed.detail().message()).isEqualTo("m");
                }));
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.FORBIDDEN);
        assertThat(result.failure().retryable()).isFalse();
    }

    @Test
    void forbiddenWithoutScopesIsUnauthorized() throws Exception {
        server.answer(Answer.json(403, "{\"status\":\"error\",\"message\":\"This portal is locked\",\"category\":\"FORBIDDEN\"}"));

        IdOutcome outcome = call("1").result().outcomes().get("1");

        assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
            assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED);
            assertThat(failed.detail().missingScopes()).isEmpty();
        });
    }

    @Test
    void unauthorizedFailsEveryIdAndInvalidatesTheToken() throws Exception {
        server.answer(Answer.json(401, """
                {"status":"error","message":"The OAuth token used to make this call expired 2 minute(s) ago.",
                 "category":"EXPIRED_AUTHENTICATION","context":{"expiredAt":["2026-03-10T14:58:00Z"]}}"""));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
                    assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED);
                    assertThat(failed.detail().category()).isEqualTo("EXPIRED_AUTHENTICATION");
                    assertThat(failed.detail().message()).contains("expired 2 minute(s) ago");
                }));
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.UNAUTHORIZED);
        assertThat(result.failure().kind().action()).isEqualTo(CallFailure.Action.REFRESH_TOKEN);
        assertThat(tokens.invalidations.get()).isEqualTo(1);
    }

    @Test
    void validationErrorFailsEveryIdAsValidation() throws Exception {
        server.answer(Answer.json(400, """
                {"status":"error","message":"Invalid input JSON on line 1","category":"VALIDATION_ERROR","correlationId":"c"}"""));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
            assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.VALIDATION);
            assertThat(failed.detail().category()).isEqualTo("VALIDATION_ERROR");
        });
        assertThat(result.failure().kind().action()).isEqualTo(CallFailure.Action.SPLIT);
    }

    @Test
    void burstRateLimitIsTransientAndKeepsRetryAfter() throws Exception {
        server.answer(Answer.json(429, """
                {"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT",
                 "correlationId":"c","policyName":"TEN_SECONDLY_ROLLING","groupName":"g"}""")
                .header("Retry-After", "3")
                .header("X-HubSpot-RateLimit-Max", "190").header("X-HubSpot-RateLimit-Remaining", "0")
                .header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000"));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Transient.class, t -> {
                    assertThat(t.detail().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
                    assertThat(t.detail().httpStatus()).isEqualTo(429);
                    assertThat(t.detail().category()).isEqualTo("RATE_LIMIT");
                    assertThat(t.detail().message()).isEqualTo("You have reached your secondly limit.");
                }));
        assertThat(result.failure()).isEqualTo(new CallFailure(CallFailure.Kind.RATE_LIMITED, 429,
                "You have reached your secondly limit.", NOW.plusSeconds(3), "TEN_SECONDLY_ROLLING"));
        assertThat(result.failure().retryAfterFrom(NOW)).contains(Duration.ofSeconds(3));
        assertThat(rateLimits).containsExactly(new RateLimitStatus(190L, 0L, 10_000L, null, null));
    }

    @Test
    void dailyLimitDefersEveryIdUntilTheNextUtcMidnight() throws Exception {
        server.answer(Answer.json(429, """
                {"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}"""));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class, d -> {
            assertThat(d.until()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
            assertThat(d.detail().message()).isEqualTo("You have reached your daily limit.");
        });
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.DAILY_LIMIT);
    }

    @Test
    void dailyLimitHonoursAnHttpDateRetryAfter() throws Exception {
        server.answer(Answer.json(429, "{\"policyName\":\"DAILY\",\"message\":\"daily\"}")
                .header("Retry-After", "Wed, 11 Mar 2026 05:00:00 GMT"));

        assertThat(call("1").result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class,
                d -> assertThat(d.until()).isEqualTo(Instant.parse("2026-03-11T05:00:00Z")));
    }

    @Test
    void migrationInProgressDefersUntilRetryAfter() throws Exception {
        server.answer(Answer.json(477, "{\"status\":\"error\",\"message\":\"Migration in progress\"}").header("Retry-After", "7200"));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class,
                d -> assertThat(d.until()).isEqualTo(NOW.plusSeconds(7200)));
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.MIGRATION);
    }

    @ParameterizedTest
    @ValueSource(ints = {423, 500, 502, 503, 504, 521, 522, 523})
    void lockedAndServerErrorsAreTransient(int status) throws Exception {
        server.answer(Answer.status(status).body(status == 502 ? "<html>Bad Gateway</html>" : ""));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Transient.class, t -> {
                    assertThat(t.detail().httpStatus()).isEqualTo(status);
                    assertThat(t.detail().message()).startsWith("HubSpot answered " + status);
                }));
        assertThat(result.failure().kind()).isEqualTo(status == 423 ? CallFailure.Kind.LOCKED : CallFailure.Kind.SERVER_ERROR);
        assertThat(result.failure().retryable()).isTrue();
    }

    @Test
    void malformedJsonIsTransient() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[{\"from\":"));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class,
                t -> assertThat(t.detail().message()).contains("not batch/read JSON"));
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.MALFORMED_RESPONSE);
    }

    @Test
    void bodyCutShortOfItsContentLengthIsTransient() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"1\"},\"to\":[]}]}").truncatedAfter(20));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOf(IdOutcome.Transient.class);
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.CONNECTION);
        assertThat(result.failure().message()).contains("IOException");
    }

    @Test
    void droppedConnectionIsTransientAndNotRetriedBehindOurBack() throws Exception {
        server.answer(Answer.dropConnection());

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allMatch(IdOutcome.Transient.class::isInstance);
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.CONNECTION);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        client = clientFor(URI.create("http://127.0.0.1:" + freePort));

        HttpCallResult result = call("1");

        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class,
                t -> assertThat(t.detail().message()).contains("ConnectException"));
    }

    @Test
    void slowAnswerTimesOutAsTransientWithoutBlockingTheCaller() throws Exception {
        Duration timeout = Duration.ofMillis(1_000);
        client = clientFor(server.baseUrl(), timeout);
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[]}").delay(Duration.ofSeconds(8)));

        long started = System.nanoTime();
        CompletableFuture<HttpCallResult> pending = client.call(request("1"));
        assertThat(pending).as("call() returns while HubSpot is still silent").isNotDone();
        HttpCallResult result = pending.get(30, TimeUnit.SECONDS);
        long completedAfterMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(completedAfterMillis).isBetween(timeout.toMillis() - 50, 6_000L);
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
        assertThat(result.result().outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class,
                t -> assertThat(t.detail().message()).contains("within the request timeout"));
    }

    @Test
    void pendingBatchIsTransient() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"PENDING\",\"results\":[{\"from\":{\"id\":\"1\"},\"to\":[]}]}"));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().values()).hasSize(2).allMatch(IdOutcome.Transient.class::isInstance);
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.NOT_FINAL);
    }

    @Test
    void canceledBatchKeepsAnsweredIdsAndDeadLettersTheRest() throws Exception {
        server.answer(Answer.json(200, """
                {"status":"CANCELED","results":[{"from":{"id":"1"},"to":[{"id":"700","type":"deal_to_company"}]}]}"""));

        HttpCallResult result = call("1", "2");

        assertThat(result.result().outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(result.result().outcomes().get("2")).isInstanceOfSatisfying(IdOutcome.Failed.class,
                failed -> assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.CANCELED));
        assertThat(result.failure().kind()).isEqualTo(CallFailure.Kind.CANCELED);
    }

    @Test
    void rateLimitHeadersOfASuccessReachTheListener() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[]}")
                .header("X-HubSpot-RateLimit-Max", "100").header("X-HubSpot-RateLimit-Remaining", "97")
                .header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                .header("X-HubSpot-RateLimit-Daily", "250000").header("X-HubSpot-RateLimit-Daily-Remaining", "249000"));

        HttpCallResult result = call("1");

        RateLimitStatus expected = new RateLimitStatus(100L, 97L, 10_000L, 250_000L, 249_000L);
        assertThat(result.rateLimit()).isEqualTo(expected);
        assertThat(rateLimits).containsExactly(expected);
    }

    @Test
    void aFailingTokenProviderGivesTransientOutcomesNotAnException() throws Exception {
        client = new HubSpotAssociationsClient(server.baseUrl(), () -> {
            throw new IllegalStateException("HubSpot token file /var/run/secrets/token is empty");
        }, TIMEOUT);

        BatchReadResult result = client.read(request("1")).get(10, TimeUnit.SECONDS);

        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class,
                t -> assertThat(t.detail().message()).contains("token file /var/run/secrets/token is empty"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anEmptyRequestCallsNobody() throws Exception {
        assertThat(client.read(request()).get(1, TimeUnit.SECONDS).outcomes()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    static final class CountingTokens implements TokenProvider {
        final String token;
        final AtomicInteger invalidations = new AtomicInteger();

        CountingTokens(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public void invalidate() {
            invalidations.incrementAndGet();
        }
    }
}
