package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-portal pacer: one budget for every thread, and a slowdown when HubSpot says the window is nearly spent. */
class PacingTest extends AgainstScriptedServer {

    @Test
    void threadsCallingTheSamePortalShareItsBudget() throws Exception {
        server.respondWith(request -> found(idsOf(request)));
        ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat"),
                fast().withRateLimit(10, Duration.ofSeconds(1), Duration.ofSeconds(30)), shared);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<BatchReadResult>> reads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 32; i++) {
            String id = Integer.toString(i);
            reads.add(pool.submit(() -> read(reader, request(id))));
        }
        for (Future<BatchReadResult> f : reads) {
            assertThat(f.get().outcomes().values()).allSatisfy(o -> assertThat(o).isInstanceOf(IdOutcome.Found.class));
        }
        pool.shutdown();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // 32 calls at 10 per second from four threads: about 3.1 s, and about 10 in any one-second window (+1 for
        // the limiter's slot alignment, +2 for scheduling stalls on a busy machine). Per-thread limiters would give
        // 40 per second: 32 calls in under a second.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(2_900);
        List<Long> arrivals = server.requests().stream().map(ScriptedHubSpotServer.RecordedRequest::receivedAtNanos).sorted().toList();
        assertThat(arrivals).hasSize(32);
        int busiest = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            int inWindow = 0;
            for (int j = i; j < arrivals.size() && arrivals.get(j) - arrivals.get(i) < 1_000_000_000L; j++) {
                inWindow++;
            }
            busiest = Math.max(busiest, inWindow);
        }
        assertThat(busiest).isLessThanOrEqualTo(13);
        // Four threads, one call each in the queue: the last of them waits about three slots.
        assertThat(registry.get(HubSpotCallMetrics.PACING_WAIT).tag("portal", "42").timer().max(TimeUnit.MILLISECONDS))
                .isGreaterThan(200);
    }

    @Test
    void aNearlySpentWindowHoldsTheNextCallForTheMissingSlots() throws Exception {
        PortalPacer pacer = new PortalPacer(42L, fast().withRateLimit(1_000, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                shared.scheduler(), shared.metrics(), Clock.systemUTC());
        BatchReadRequest any = request("1");

        pacer.onRateLimitStatus(any, new RateLimitStatus(100L, 50L, 1_000L, null, null));
        long free = timeToPermitMillis(pacer);
        // 100 per 1 s, reserve 10: 4 remaining means 6 slots of 10 ms are missing.
        pacer.onRateLimitStatus(any, new RateLimitStatus(100L, 4L, 1_000L, null, null));
        long held = timeToPermitMillis(pacer);

        assertThat(free).isLessThan(30);
        assertThat(held).isBetween(50L, 150L);
    }

    @Test
    void a429HoldsEveryCallOfThePortalNotOnlyItsOwnRetry() throws Exception {
        server.answer(ScriptedHubSpotServer.Answer.json(429, ResilientAssociationsReaderTest.SECONDLY).header("Retry-After", "1"));
        server.respondWith(request -> found(idsOf(request)));
        ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat"),
                fast().withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofMillis(100)), shared);

        var first = reader.read(request("1"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> server.requests().size() == 1);
        var second = reader.read(request("2"));
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        List<ScriptedHubSpotServer.RecordedRequest> sent = server.requests();
        assertThat(sent).hasSize(3);
        long secondBatchAt = sent.stream().filter(r -> idsOf(r).contains("2")).findFirst().orElseThrow().receivedAtNanos();
        assertThat(TimeUnit.NANOSECONDS.toMillis(secondBatchAt - sent.get(0).receivedAtNanos())).isGreaterThanOrEqualTo(900);
    }

    private static long timeToPermitMillis(PortalPacer pacer) throws Exception {
        long start = System.nanoTime();
        pacer.acquire().get(5, TimeUnit.SECONDS);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
