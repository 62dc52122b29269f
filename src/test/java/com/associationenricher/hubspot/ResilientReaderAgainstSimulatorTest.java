package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.ids;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The resilient reader against the HubSpot simulator: paging, truncation, batch limits and the rate limit. */
class ResilientReaderAgainstSimulatorTest extends AgainstSimulator {

    ResilientAssociationsReader reader(ResilienceSettings settings) {
        return ResilientAssociationsReader.create(PORTAL, URI.create(simulator.baseUrl()),
                new StaticTokenProvider(SimulatorSettings.DEFAULT_TOKEN), settings, shared, HttpClient.newHttpClient(),
                Clock.systemUTC(), ZoneOffset.UTC);
    }

    static BatchReadRequest request(List<String> ids) {
        return new BatchReadRequest(PORTAL, "contacts", "companies", ids);
    }

    @Test
    void v4PagesAnObjectWith150AssociationsToTheEndWithTypeIdsAndCategories() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().v4PageSize(40).build());
        ResilientAssociationsReader reader = reader(fast().withApi(AssociationsApi.V4, false));

        BatchReadResult result = read(reader, request(List.of("1999", "2001")));

        List<TrueAssociation> truth = AssociationTruth.associations(PORTAL, "contacts", "1999", "companies");
        assertThat(truth).hasSize(150);
        assertThat(result.outcomes().get("1999")).isInstanceOfSatisfying(IdOutcome.Found.class, found -> {
            assertThat(found.complete()).isTrue();
            assertThat(found.apiVersion()).isEqualTo("v4");
            assertThat(found.associations()).extracting(FoundAssociation::toObjectId)
                    .containsExactlyElementsOf(truth.stream().map(TrueAssociation::toObjectId).toList());
            assertThat(found.associations()).allSatisfy(a -> {
                assertThat(a.typeId()).isEqualTo(279);
                assertThat(a.category()).isEqualTo("HUBSPOT_DEFINED");
                assertThat(a.associationType()).isNull();
            });
        });
        assertThat(result.outcomes().get("2001")).isInstanceOfSatisfying(IdOutcome.Found.class, found ->
                assertThat(found.associations()).hasSize(AssociationTruth.associations(PORTAL, "contacts", "2001", "companies").size()));
        // 150 in pages of 40: the first call plus three more for 1999 alone.
        assertThat(simulator.stats().totalCalls()).isEqualTo(4);
    }

    @Test
    void the2026DatedApiPagesTheSameWay() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().v4PageSize(100).build());
        ResilientAssociationsReader reader = reader(fast().withApi(AssociationsApi.V2026_03, false));

        BatchReadResult result = read(reader, request(List.of("7999")));

        assertThat(result.outcomes().get("7999")).isInstanceOfSatisfying(IdOutcome.Found.class, found -> {
            assertThat(found.associations()).hasSize(150);
            assertThat(found.complete()).isTrue();
            assertThat(found.apiVersion()).isEqualTo("2026-03");
        });
    }

    @Test
    void v3ListsCutAt100AreCompletedThroughV4WhenAsked() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());

        BatchReadResult truncated = read(reader(fast()), request(List.of("4999", "5001")));
        BatchReadResult completed = read(reader(fast().withApi(AssociationsApi.V3, true)), request(List.of("4999", "5001")));

        assertThat(truncated.outcomes().get("4999")).isInstanceOfSatisfying(IdOutcome.Found.class, found -> {
            assertThat(found.associations()).hasSize(100);
            assertThat(found.complete()).isFalse();
        });
        assertThat(completed.outcomes().get("4999")).isInstanceOfSatisfying(IdOutcome.Found.class, found -> {
            assertThat(found.associations()).hasSize(150);
            assertThat(found.complete()).isTrue();
            assertThat(found.apiVersion()).isEqualTo("v4");
        });
        assertThat(completed.outcomes().get("5001")).isEqualTo(truncated.outcomes().get("5001"));
    }

    @Test
    void aBatchAboveHubSpotsInputLimitIsSplitUntilAccepted() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().maxInputs(10).build());

        BatchReadResult result = read(reader(fast()), request(ids(100, 35)));

        assertThat(result.outcomes()).hasSize(35).allSatisfy((id, outcome) -> assertThat(outcome).isInstanceOf(IdOutcome.Found.class));
        assertThat(registry.get(HubSpotCallMetrics.SPLITS).counter().count()).isGreaterThanOrEqualTo(3);
    }

    /**
     * The simulator's clock runs five times faster than the wall clock, so its rolling ten seconds last two: a limit of
     * 20 per 10 simulated seconds is 20 per 2 real seconds, the pace the reader is configured with.
     */
    @Test
    void aReaderPacedAtTheLimitGetsNo429InASteadyRunOfThousandsOfIds() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().tenSecondlyLimit(20).build(), new FastClock(5));
        ResilientAssociationsReader reader = reader(fast().withRateLimit(20, Duration.ofSeconds(2), Duration.ofSeconds(60)));
        int threads = 4;
        int batchesPerThread = 25;
        int idsPerBatch = 30;
        Map<String, IdOutcome> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int b = 0; b < batchesPerThread; b++) {
                    int first = 10_000 + (thread * batchesPerThread + b) * idsPerBatch;
                    outcomes.putAll(read(reader, request(ids(first, idsPerBatch))).outcomes());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        long calls = simulator.stats().totalCalls();
        long limited = simulator.stats().responses(429);
        System.out.printf("steady run at the limit: %d ids, %d calls, %d x 429, %.1f s (%.1f calls/s, limit 10/s)%n",
                outcomes.size(), calls, limited, elapsed.toMillis() / 1000.0, calls * 1000.0 / elapsed.toMillis());
        assertThat(limited).isZero();
        assertThat(calls).isEqualTo(threads * batchesPerThread);
        assertThat(outcomes).hasSize(threads * batchesPerThread * idsPerBatch)
                .allSatisfy((id, outcome) -> assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Found.class, found ->
                        // v3 shows at most 100 per object
                        assertThat(found.associations()).hasSize(Math.min(100,
                                AssociationTruth.associations(PORTAL, "contacts", id, "companies").size()))));
    }

    /** A clock running {@code factor} times faster than the wall clock, from now. */
    static final class FastClock extends Clock {
        private final Instant origin = Instant.now();
        private final long originNanos = System.nanoTime();
        private final int factor;

        FastClock(int factor) {
            this.factor = factor;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos((System.nanoTime() - originNanos) * factor);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
