package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.FaultSettings;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot has a bad minute: 5xx bursts, dropped connections, slow answers (timeouts) and truncated ones, and 429s
 * without Retry-After from a limit far below the enricher's pace; then it is down altogether (every call a 5xx) until
 * the portal's circuit opens; then it recovers and the circuit closes. The table converges to the truth and no
 * transient failure was dead-lettered.
 */
@ExtendWith(KafkaBroker.class)
class ApiStormIT {
    static final long PORTAL = 880088;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");

    @TempDir
    Path state;

    @Test
    void aStormOfTransientFailuresEndsInTheExactTableWithoutDeadLetters() throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("storm-in");
        String output = Topics.uniqueName("storm-out");
        String dlq = Topics.uniqueName("storm-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                .latencyMs(5, 30).tenSecondlyLimit(8).retryAfter(false)
                .faults(new FaultSettings(0.15, 3, 0.05, 0.05, 1_500, 0.05)).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("storm"), state)
                    .registry("mock://" + scope)
                    .topics(input, output, dlq)
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "2")
                    .with("associations.pairs", "contacts:companies,deals:contacts")
                    .with("hubspot.portals." + PORTAL + ".token", Canary.TOKEN)
                    // The enricher believes it may call 10 times a second; HubSpot allows 0.8: 429s are certain.
                    .with("hubspot.rate-limit.requests", "100")
                    .with("hubspot.request-timeout", "1s")
                    .with("hubspot.max-attempts", "100")
                    .with("hubspot.circuit.open-for", "5s")
                    .with("batch.max-ids", "40")
                    .with("batch.max-wait", "200ms")
                    .build();
            InJvmEnricher.run(config, metrics -> {
                List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(21, 1_200,
                        List.of(PORTAL), List.of("contacts", "deals"), 300, 0.7, PAIRS, System.currentTimeMillis() - 60_000));
                ChangeEvents.produce(input, events.subList(0, 800), serdes.changeEvents().serializer());

                // The storm lasts until HubSpot has refused or failed a good number of calls. The client paces itself
                // on X-HubSpot-RateLimit-Remaining and its circuit opens on the 5xx bursts, so 429s come slowly: 3 are
                // enough to show it rides them out.
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                        hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING") >= 3
                                && hubspot.stats().faults(com.associationenricher.tools.simulator.FaultKind.SERVER_ERROR) >= 3);
                long throttled = hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING");

                // Then HubSpot is down: every call fails, the portal's circuit opens and the ids wait in the store.
                hubspot.update(settings -> settings.toBuilder().tenSecondlyLimit(0).build());
                hubspot.setFaults(new FaultSettings(1.0, 1, 0, 0, 0, 0));
                ChangeEvents.produce(input, events.subList(800, 1_200), serdes.changeEvents().serializer());
                long down = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> circuitState(metrics) == 2);
                long openedMs = (System.nanoTime() - down) / 1_000_000;

                // HubSpot recovers: the circuit half-opens, a probe succeeds, it closes.
                hubspot.setFaults(FaultSettings.NONE);
                hubspot.resetRateLimits();
                long healed = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> circuitState(metrics) == 0);
                long closedMs = (System.nanoTime() - healed) / 1_000_000;

                AccountingInvariant.Figures figures = AccountingInvariant.check(events, PAIRS, output, dlq,
                        serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(120));
                assertThat(figures.deadLetters()).isZero();
                Canary.assertNotIn(metrics);
                System.out.printf("API storm: %s; %d 429s, %d calls, %.0f transient failures retried in the store; circuit "
                                + "open %d ms after HubSpot went down, closed %d ms after it recovered%n", figures, throttled,
                        hubspot.stats().totalCalls(), metrics.count("enricher.transient.failures"), openedMs, closedMs);
                return null;
            });
        }
    }

    /** The portal's circuit: 0 closed, 1 half-open, 2 open. */
    private static double circuitState(EnricherMetrics metrics) {
        var gauge = metrics.registry().find("enricher.hubspot.circuit.state").gauge();
        return gauge == null ? -1 : gauge.value();
    }

}
