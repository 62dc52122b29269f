package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call made with a permit already held does not queue for a second one; every other call still does. */
class HeldPermitTest {
    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;

    final SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry());
    final HubSpotSimulator simulator = HubSpotSimulator.start(SimulatorSettings.builder().build());
    /** One call per 20 s: a second permit would make the call wait far beyond the test's timeouts. */
    final ResilientAssociationsReader reader = ResilientAssociationsReader.create(PORTAL, URI.create(simulator.baseUrl()),
            new StaticTokenProvider(SimulatorSettings.DEFAULT_TOKEN), fast().withRateLimit(1, Duration.ofSeconds(20), Duration.ofMinutes(1)),
            shared, HttpClient.newHttpClient(), Clock.systemUTC(), ZoneOffset.UTC);

    @AfterEach
    void stop() {
        shared.close();
        simulator.close();
    }

    @Test
    void aCallWithAHeldPermitGoesAtOnceAndTheNextPermitIsPacedAgain() throws Exception {
        reader.permit(PORTAL).get(5, TimeUnit.SECONDS);

        BatchReadResult result = reader.readWithPermit(new BatchReadRequest(PORTAL, "contacts", "companies", List.of("1", "2")))
                .get(10, TimeUnit.SECONDS);

        assertThat(result.outcomes()).containsOnlyKeys("1", "2").allSatisfy((id, outcome) -> assertThat(outcome).isInstanceOf(IdOutcome.Found.class));
        assertThat(simulator.stats().totalCalls()).isEqualTo(1);
        CompletableFuture<Void> next = reader.permit(PORTAL);
        assertThat(next).isNotDone();
    }
}
