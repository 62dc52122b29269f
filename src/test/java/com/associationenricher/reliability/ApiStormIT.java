package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.pipeline.ObjectChanges;
import com.associationenricher.simulator.FaultSettings;
import com.associationenricher.simulator.HubSpotSimulator;
import com.associationenricher.simulator.SimulatorSettings;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.workload.ChangeEventWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot has a bad minute: 5xx bursts, dropped connections, slow and truncated answers, and 429s (with and without
 * Retry-After) from a limit far below the enricher's pace. When it recovers, the table converges to the truth and no
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
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token("storm-token", PORTAL)
                .latencyMs(5, 30).tenSecondlyLimit(8).retryAfter(false)
                .faults(new FaultSettings(0.15, 3, 0.05, 0.05, 1_500, 0.05)).build())) {
            EnricherConfig config = EnricherConfig.fromMap(Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", KafkaBroker.bootstrapServers()),
                    Map.entry("kafka.application.id", Topics.uniqueName("storm")),
                    Map.entry("kafka.state.dir", state.toString()),
                    Map.entry("kafka.commit.interval.ms", "200"),
                    Map.entry("schema-registry.url", "mock://" + scope),
                    Map.entry("topics.input", input),
                    Map.entry("topics.output", output),
                    Map.entry("topics.dead-letter", dlq),
                    Map.entry("topics.partitions", "2"),
                    Map.entry("associations.pairs", "contacts:companies,deals:contacts"),
                    Map.entry("hubspot.base-url", hubspot.baseUrl()),
                    Map.entry("hubspot.portals." + PORTAL + ".token", "storm-token"),
                    // The enricher believes it may call 10 times a second; HubSpot allows 0.8: 429s are certain.
                    Map.entry("hubspot.rate-limit.requests", "100"),
                    Map.entry("hubspot.request-timeout", "1s"),
                    Map.entry("hubspot.max-attempts", "100"),
                    Map.entry("batch.max-ids", "40"),
                    Map.entry("batch.max-wait", "200ms")));
            EnricherMetrics metrics = EnricherMetrics.inMemory();
            try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
                 EnricherService service = new EnricherService(config, reader, metrics)) {
                service.start();
                List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(21, 800,
                        List.of(PORTAL), List.of("contacts", "deals"), 200, 0.7, PAIRS, System.currentTimeMillis() - 60_000));
                Topics.produce(input, new StringSerializer(), serdes.changeEvents().serializer(),
                        events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());

                // The storm lasts until HubSpot has refused or failed a good number of calls.
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING") >= 5
                                && hubspot.stats().faults(com.associationenricher.simulator.FaultKind.SERVER_ERROR) >= 3);
                long throttled = hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING");
                hubspot.setFaults(FaultSettings.NONE);
                hubspot.update(settings -> settings.toBuilder().tenSecondlyLimit(0).build());
                hubspot.resetRateLimits();

                AccountingInvariant.Figures figures = AccountingInvariant.check(events, PAIRS, output, dlq,
                        serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(120));
                assertThat(figures.deadLetters()).isZero();
                System.out.printf("API storm: %s; %d 429s, %d calls, %.0f transient failures retried in the store%n", figures,
                        throttled, hubspot.stats().totalCalls(), metrics.count("enricher.transient.failures"));
            }
        }
    }
}
