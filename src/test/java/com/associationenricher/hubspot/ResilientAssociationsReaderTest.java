package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.gapsMillis;
import static com.associationenricher.hubspot.ResilienceFixtures.ids;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The resilient reader's answer to each row of HubSpot's failure table, against a scripted server on 127.0.0.1. */
class ResilientAssociationsReaderTest extends AgainstScriptedServer {

    static final String DAILY = "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}";
    static final String SECONDLY = "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}";

    ResilientAssociationsReader reader(ResilienceSettings settings) {
        return ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat-test"), settings, shared);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffUntilHubSpotAnswers() throws Exception {
        server.answer(Answer.status(500)).answer(Answer.status(503)).answer(Answer.status(521)).answer(found("1", "2"));

        BatchReadResult result = read(reader(fast()), request("1", "2"));

        assertThat(result.outcomes().get("1")).isEqualTo(new IdOutcome.Found(
                List.of(FoundAssociation.v3("91", "deal_to_company")), true, "v3"));
        assertThat(server.requests()).hasSize(4);
        // Equal jitter: at least half of 20, 40, 80 ms.
        assertThat(gapsMillis(server.requests(), r -> true)).satisfies(gaps -> {
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(10);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(20);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(40);
        });
        assertThat(registry.get(HubSpotCallMetrics.RETRIES).tag("kind", "SERVER_ERROR").counter().count()).isEqualTo(3);
        assertThat(registry.get(HubSpotCallMetrics.CALLS).tag("status", "200").timer().count()).isEqualTo(1);
        assertThat(registry.get(HubSpotCallMetrics.CALLS).tag("status", "503").timer().count()).isEqualTo(1);
    }

    @Test
    void whenTheInCallBudgetIsSpentTheIdsGoBackAsTransientWithTheLastError() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.answer(Answer.status(502).body("bad gateway " + i));
        }
        server.answer(found("1"));

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(server.requests()).hasSize(4);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class, failure -> {
            assertThat(failure.detail().httpStatus()).isEqualTo(502);
            assertThat(failure.detail().message()).contains("bad gateway 3");
            assertThat(failure.detail().reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        });
    }

    @Test
    void lockedAndNotFinalAndBrokenAnswersAreRetriedToo() throws Exception {
        server.answer(Answer.status(423)).answer(Answer.json(200, "{\"status\":\"PROCESSING\"}"))
                .answer(Answer.json(200, "{\"status\":\"COMPL")).answer(found("1"));

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void retryAfterOfA429IsHonoured() throws Exception {
        server.answer(Answer.json(429, SECONDLY).header("Retry-After", "1")).answer(found("1"));
        ResilienceSettings settings = fast().withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofMillis(100));

        BatchReadResult result = read(reader(settings), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(gapsMillis(server.requests(), r -> true)).singleElement().satisfies(gap ->
                assertThat(gap).isBetween(950L, 1_500L));
        assertThat(registry.get(HubSpotCallMetrics.RATE_LIMITED).tag("policy", "TEN_SECONDLY_ROLLING").counter().count())
                .isEqualTo(1);
    }

    @Test
    void a429WithoutRetryAfterWaitsStepTimesAttemptAsHubSpotsSdkDoes() throws Exception {
        server.answer(Answer.json(429, SECONDLY)).answer(Answer.json(429, SECONDLY)).answer(found("1"));

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        List<Long> gaps = gapsMillis(server.requests(), r -> true);
        assertThat(gaps.get(0)).isBetween(95L, 180L);
        assertThat(gaps.get(1)).isBetween(195L, 300L);
    }

    @Test
    void dailyLimitDefersThePortalWithoutRetriesOrDeadLetters() throws Exception {
        server.answer(Answer.json(429, DAILY));
        ResilientAssociationsReader reader = reader(fast());
        Instant before = Instant.now();

        BatchReadResult first = read(reader, request("1", "2"));
        BatchReadResult second = read(reader, request("3"));

        assertThat(server.requests()).as("one call, no retry storm, the second batch not sent").hasSize(1);
        assertThat(first.outcomes().values()).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Deferred.class, deferred -> {
                    // The next UTC midnight or hubspot.daily-limit-pause (1 h), whichever comes first.
                    assertThat(deferred.until()).isAfter(before).isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(1)));
                    assertThat(deferred.detail().httpStatus()).isEqualTo(429);
                }));
        assertThat(second.outcomes().get("3")).isInstanceOf(IdOutcome.Deferred.class);
        assertThat(registry.get(HubSpotCallMetrics.RATE_LIMITED).tag("policy", "DAILY").counter().count()).isEqualTo(1);
    }

    @Test
    void migrationWithALongRetryAfterDefersUntilThenCappedByTheDailyLimitPause() throws Exception {
        server.answer(Answer.json(477, "{\"message\":\"Migration in progress\"}").header("Retry-After", "7200"));
        Instant before = Instant.now();

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(server.requests()).hasSize(1);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class, deferred ->
                assertThat(deferred.until()).isBetween(before.plus(Duration.ofMinutes(59)), before.plus(Duration.ofMinutes(61))));
    }

    @Test
    void a429WithARetryAfterLongerThanTheInCallBackoffIsDeferredNotAwaited() throws Exception {
        server.answer(Answer.json(429, SECONDLY).header("Retry-After", "120"));
        Instant before = Instant.now();

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(server.requests()).hasSize(1);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class, deferred ->
                assertThat(deferred.until()).isBetween(before.plusSeconds(119), before.plusSeconds(122)));
    }

    @Test
    void circuitOpensOnSustainedFailureDefersWithoutCallingAndAHalfOpenProbeClosesIt() throws Exception {
        ResilientAssociationsReader reader = reader(fast().withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(10)).withBreaker(3, 5, Duration.ofMillis(500), 1));
        for (int i = 0; i < 3; i++) {
            server.answer(Answer.status(503));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(read(reader, request("1")).outcomes().get("1")).isInstanceOf(IdOutcome.Transient.class);
        }
        assertThat(reader.circuitBreaker().isOpen()).isTrue();
        assertThat(registry.get(HubSpotCallMetrics.CIRCUIT_STATE).tag("portal", "42").gauge().value()).isEqualTo(2);

        Instant openedAround = Instant.now();
        BatchReadResult whileOpen = read(reader, request("1", "2"));
        assertThat(server.requests()).as("an open circuit calls nobody").hasSize(3);
        assertThat(whileOpen.outcomes().values()).allSatisfy(outcome ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Deferred.class, deferred ->
                        assertThat(deferred.until()).isBetween(openedAround, openedAround.plusMillis(600))));

        server.answer(found("1"));
        // Failsafe moves to half-open lazily, on the first call after the delay: that call is the probe.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3))
                .until(() -> reader.circuitBreaker().getRemainingDelay().isZero());
        BatchReadResult probe = read(reader, request("1"));
        assertThat(probe.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(reader.circuitBreaker().isClosed()).isTrue();
        assertThat(registry.get(HubSpotCallMetrics.CIRCUIT_STATE).tag("portal", "42").gauge().value()).isZero();
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void splittingIsolatesTwoBadIdsOutOfAHundredAndAnswersTheOthers() throws Exception {
        Set<String> bad = Set.of("1017", "1071");
        server.respondWith(request -> idsOf(request).stream().anyMatch(bad::contains)
                ? Answer.json(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":\"Invalid input\"}")
                : found(idsOf(request)));

        BatchReadResult result = read(reader(fast()), request(ids(1000, 100)));

        assertThat(result.outcomes()).hasSize(100);
        assertThat(result.outcomes()).allSatisfy((id, outcome) -> {
            if (bad.contains(id)) {
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
                    assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.VALIDATION);
                    assertThat(failed.detail().httpStatus()).isEqualTo(400);
                });
            } else {
                assertThat(outcome).isEqualTo(new IdOutcome.Found(List.of(FoundAssociation.v3("9" + id, "deal_to_company")), true, "v3"));
            }
        });
        // Two bad ids in a binary split of 100: at most 2 paths of 7 levels, two calls per level.
        assertThat(server.requests().size()).isLessThanOrEqualTo(1 + 2 * 2 * 7);
        assertThat(server.requests().stream().filter(r -> idsOf(r).size() == 1 && bad.contains(idsOf(r).get(0)))).hasSize(2);
    }

    @Test
    void tooLargeAnswersAreSplitToo() throws Exception {
        server.answer(Answer.status(414)).answer(Answer.json(413, "{\"message\":\"Payload too large\"}"));
        server.respondWith(request -> found(idsOf(request)));

        BatchReadResult result = read(reader(fast()), request(ids(1, 8)));

        assertThat(result.outcomes().values()).hasSize(8).allSatisfy(o -> assertThat(o).isInstanceOf(IdOutcome.Found.class));
        assertThat(idsOf(server.requests().get(0))).hasSize(8);
        assertThat(idsOf(server.requests().get(1))).hasSize(4);
    }

    @Test
    void a401RefreshesTheTokenAndRetriesOnce() throws Exception {
        AtomicInteger invalidations = new AtomicInteger();
        TokenProvider rotating = new TokenProvider() {
            @Override
            public String token() {
                return "token-" + invalidations.get();
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };
        server.answer(Answer.json(401, "{\"category\":\"EXPIRED_AUTHENTICATION\",\"message\":\"The OAuth token used to make this call expired 2 minutes ago.\"}"))
                .answer(found("1"));

        BatchReadResult result = read(ResilienceFixtures.reader(server.baseUrl(), rotating, fast(), shared), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer token-0", "Bearer token-1");
    }

    @Test
    void a401AfterTheRefreshIsDeadLetteredUnauthorized() throws Exception {
        server.answer(Answer.json(401, "{\"category\":\"INVALID_AUTHENTICATION\",\"message\":\"Authentication credentials not found.\"}"))
                .answer(Answer.json(401, "{\"category\":\"INVALID_AUTHENTICATION\",\"message\":\"Authentication credentials not found.\"}"))
                .answer(found("1"));

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(server.requests()).hasSize(2);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed ->
                assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED));
    }

    @Test
    void missingScopesAreNotRetried() throws Exception {
        server.answer(Answer.json(403, "{\"category\":\"MISSING_SCOPES\",\"message\":\"This app hasn't been granted all required scopes\","
                + "\"context\":{\"missingScopes\":[\"crm.objects.deals.read\"]}}"));

        BatchReadResult result = read(reader(fast()), request("1"));

        assertThat(server.requests()).hasSize(1);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
            assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.MISSING_SCOPES);
            assertThat(failed.detail().missingScopes()).containsExactly("crm.objects.deals.read");
        });
    }

    @Test
    void timeoutsAreRetriedThenTransient() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.answer(Answer.json(200, "{}").delay(Duration.ofSeconds(2)));
        }
        ResilienceSettings settings = fast().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));

        BatchReadResult result = read(reader(settings), request("1"));

        assertThat(server.requests()).hasSize(2);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Transient.class, failure ->
                assertThat(failure.detail().message()).contains("no answer from HubSpot"));
    }
}
