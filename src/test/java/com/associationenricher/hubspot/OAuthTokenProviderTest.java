package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.tools.simulator.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OAuth access tokens from a refresh token: the grant, renewal at 80 % of their life, a 401, a refused refresh. */
class OAuthTokenProviderTest {

    static final String SECRET = "client-secret-9d1e";
    static final String REFRESH = "refresh-7c2b-token";

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry());
    final AtomicInteger issued = new AtomicInteger();

    @AfterEach
    void stop() {
        shared.close();
        server.close();
    }

    /** The token endpoint hands out access-1, access-2...; batch/read accepts only {@code accepted}. */
    void hubSpot(String accepted, int expiresIn) {
        server.respondWith(request -> {
            if (request.path().equals("/oauth/v1/token")) {
                return Answer.json(200, "{\"token_type\":\"bearer\",\"refresh_token\":\"" + REFRESH
                        + "\",\"access_token\":\"access-" + issued.incrementAndGet() + "\",\"expires_in\":" + expiresIn + "}");
            }
            return ("Bearer " + accepted).equals(request.header("Authorization"))
                    ? found(idsOf(request))
                    : Answer.json(401, "{\"status\":\"error\",\"category\":\"EXPIRED_AUTHENTICATION\",\"message\":\"The OAuth token used to make this call expired.\"}");
        });
    }

    OAuthTokenProvider provider(ManualClock clock) {
        return new OAuthTokenProvider(server.baseUrl(), "client-1", SECRET, REFRESH, HttpClient.newHttpClient(),
                Duration.ofSeconds(2), clock, 0.8);
    }

    @Test
    void theRefreshTokenGrantFetchesTheAccessTokenTheCallsCarry() throws Exception {
        hubSpot("access-1", 1800);
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));

        BatchReadResult result = read(ResilienceFixtures.reader(server.baseUrl(), tokens, fast(), shared), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests("/oauth/v1/token")).singleElement().satisfies(grant -> {
            assertThat(grant.method()).isEqualTo("POST");
            assertThat(grant.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(grant.body().split("&")).containsExactlyInAnyOrder("grant_type=refresh_token",
                    "client_id=client-1", "client_secret=" + SECRET, "refresh_token=" + REFRESH);
        });
        assertThat(server.requests("/batch/read")).singleElement()
                .satisfies(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer access-1"));
    }

    @Test
    void theTokenIsRenewedAfter80PercentOfItsLifeNotBefore() throws Exception {
        hubSpot("access-1", 100);
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
        OAuthTokenProvider tokens = provider(clock);

        tokens.ready().get(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(79));
        tokens.ready().get(5, TimeUnit.SECONDS);
        String before = tokens.token();
        clock.advance(Duration.ofSeconds(2));
        tokens.ready().get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> tokens.token().equals("access-2"));

        assertThat(before).isEqualTo("access-1");
        assertThat(server.requests("/oauth/v1/token")).hasSize(2);
    }

    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        server.answer(Answer.json(200, "{\"access_token\":\"access-1\",\"expires_in\":1800}").delay(Duration.ofMillis(200)));
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));

        List<CompletableFuture<Void>> waiting = List.of(tokens.ready(), tokens.ready(), tokens.ready());
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        assertThat(server.requests("/oauth/v1/token")).hasSize(1);
        assertThat(tokens.token()).isEqualTo("access-1");
    }

    @Test
    void a401FetchesANewAccessTokenAndTheRetrySucceeds() throws Exception {
        hubSpot("access-2", 1800);
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));

        BatchReadResult result = read(ResilienceFixtures.reader(server.baseUrl(), tokens, fast(), shared), request("1"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests("/batch/read")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer access-1", "Bearer access-2");
    }

    @Test
    void aRefreshedTokenStillRejectedIsDeadLetteredUnauthorized() throws Exception {
        hubSpot("never", 1800);
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));

        BatchReadResult result = read(ResilienceFixtures.reader(server.baseUrl(), tokens, fast(), shared), request("1"));

        assertThat(server.requests("/batch/read")).hasSize(2);
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed ->
                assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED));
    }

    @Test
    void aRefusedRefreshTokenDeadLettersWithoutCallingTheApi() throws Exception {
        server.respondWith(request -> Answer.json(400, "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token "
                + REFRESH + "\"}"));
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));

        BatchReadResult result = read(ResilienceFixtures.reader(server.baseUrl(), tokens, fast(), shared), request("1"));

        assertThat(server.requests("/batch/read")).isEmpty();
        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
            assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNAUTHORIZED);
            assertThat(failed.detail().message()).contains("BAD_REFRESH_TOKEN").doesNotContain(REFRESH);
        });
        assertThat(tokens.toString()).doesNotContain(SECRET).doesNotContain(REFRESH);
    }

    @Test
    void aCallWhileTheTokenRefreshesReturnsAtOnceAndNeverHoldsTheCallingThread() throws Exception {
        // The second grant (after a 401 made the provider forget the token) takes 1.2 s.
        server.answer(Answer.json(200, "{\"access_token\":\"access-1\",\"expires_in\":1800}"))
                .answer(Answer.json(200, "{\"access_token\":\"access-2\",\"expires_in\":1800}").delay(Duration.ofMillis(1_200)));
        server.respondWith(request -> found(idsOf(request)));
        OAuthTokenProvider tokens = provider(new ManualClock(Instant.now()));
        tokens.ready().get(5, TimeUnit.SECONDS);
        tokens.invalidate();
        HubSpotAssociationsClient client = new HubSpotAssociationsClient(server.baseUrl(), tokens, Duration.ofSeconds(5),
                HttpClient.newHttpClient());

        // On the shared pacer scheduler, as the resilient reader runs it: the thread must come back at once.
        long start = System.nanoTime();
        CompletableFuture<HttpCallResult> call = shared.scheduler().submit(() -> client.call(request("1"))).get(5, TimeUnit.SECONDS);
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(heldMillis).as("the scheduler thread waited for the refresh").isLessThan(500);
        assertThat(call.get(10, TimeUnit.SECONDS).result().outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests("/batch/read")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer access-2"));
    }

    @Test
    void aLate401OfTheOldTokenLeavesTheFreshlyRefreshedOneAlone() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
        server.answer(Answer.json(200, "{\"access_token\":\"access-1\",\"expires_in\":100}"))
                // The call made with access-1 is answered late, after access-2 has been issued.
                .answer(Answer.json(401, "{\"category\":\"EXPIRED_AUTHENTICATION\",\"message\":\"expired\"}")
                        .delay(Duration.ofMillis(1_500)))
                .answer(Answer.json(200, "{\"access_token\":\"access-2\",\"expires_in\":100}"));
        server.respondWith(request -> request.path().equals("/oauth/v1/token")
                ? Answer.json(200, "{\"access_token\":\"access-" + (3 + issued.getAndIncrement()) + "\",\"expires_in\":100}")
                : found(idsOf(request)));
        OAuthTokenProvider tokens = provider(clock);
        tokens.ready().get(5, TimeUnit.SECONDS);
        HubSpotAssociationsClient client = new HubSpotAssociationsClient(server.baseUrl(), tokens, Duration.ofSeconds(5),
                HttpClient.newHttpClient());

        CompletableFuture<HttpCallResult> late = client.call(request("1"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> server.requests("/batch/read").size() == 1);
        clock.advance(Duration.ofSeconds(81));
        tokens.ready().get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> server.requests("/oauth/v1/token").size() == 2);
        assertThat(late.get(10, TimeUnit.SECONDS).failure().kind()).isEqualTo(CallFailure.Kind.UNAUTHORIZED);

        assertThat(client.call(request("2")).get(10, TimeUnit.SECONDS).result().outcomes().get("2")).isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests("/batch/read")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer access-1", "Bearer access-2");
        assertThat(server.requests("/oauth/v1/token")).as("no refresh for a token already replaced").hasSize(2);
    }
}
