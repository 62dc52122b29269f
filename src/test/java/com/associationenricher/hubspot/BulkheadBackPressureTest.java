package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 4. The bulkhead rejects a call that waited {@code bulkheadMaxWait} (production: the request timeout)
 * for one of {@code hubspot.max-concurrent-requests} slots. That happens as soon as more batches are in flight in the
 * process than the slots can serve within one request timeout: HubSpot slow (each call close to the timeout) and
 * several tasks each with batches in flight. HubSpot answered every call it got, so a rejection is back-pressure.
 */
class BulkheadBackPressureTest {

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Two slots, and a call waits at most the request timeout (1 s) for one, as ResilienceSettings.from sets it. */
    final SharedCallLimits shared = new SharedCallLimits(2, Duration.ofSeconds(1), registry);

    @AfterEach
    void stop() {
        shared.close();
        server.close();
    }

    @Test
    void aFullBulkheadDefersTheIdsWithoutCountingAnAttempt() throws Exception {
        // HubSpot is only slow: 700 ms per call, every call answered.
        server.respondWith(request -> found(idsOf(request)).delay(Duration.ofMillis(700)));
        ResilienceSettings settings = fast().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withRetries(1, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(50));
        ResilientAssociationsReader reader = ResilientAssociationsReader.create(42L, server.baseUrl(),
                new StaticTokenProvider("pat-test"), settings, shared, HttpClient.newHttpClient(), Clock.systemUTC(), ZoneOffset.UTC);

        List<CompletableFuture<BatchReadResult>> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(reader.read(request("b" + i)));
        }
        Instant sent = Instant.now();
        List<IdOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<BatchReadResult> batch : batches) {
            outcomes.addAll(batch.get(30, TimeUnit.SECONDS).outcomes().values());
        }

        assertThat(registry.get(HubSpotCallMetrics.BULKHEAD_REJECTIONS).counter().count())
                .as("ten batches for two slots at 700 ms per call: some wait longer than 1 s").isPositive();
        assertThat(outcomes).hasSize(10).allSatisfy(outcome -> assertThat(outcome)
                .as("answered, or deferred for the next flush: never an attempt toward hubspot.max-attempts")
                .isInstanceOfAny(IdOutcome.Found.class, IdOutcome.Deferred.class));
        assertThat(outcomes).filteredOn(IdOutcome.Deferred.class::isInstance).allSatisfy(outcome ->
                assertThat(((IdOutcome.Deferred) outcome).until()).as("back-pressure waits for a slot, not for a backoff")
                        .isBeforeOrEqualTo(Instant.now()).isAfter(sent.minusSeconds(1)));
        assertThat(reader.circuitBreaker().isClosed()).isTrue();
    }
}
