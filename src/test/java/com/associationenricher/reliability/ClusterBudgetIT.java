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
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances in one group, each configured with the whole budget HubSpot allows (50 calls per 10 s): with
 * {@code hubspot.rate-limit.scope=cluster} they split it by partitions owned and HubSpot never answers 429.
 */
@ExtendWith(KafkaBroker.class)
class ClusterBudgetIT {
    static final long PORTAL = 770077;
    static final int LIMIT = 50;
    static final AssociationPairs PAIRS = AssociationPairs.parse(ScenarioSettings.PAIRS);

    @TempDir
    Path work;

    @Test
    void twoInstancesConfiguredWithTheWholeBudgetShareItAndAreNeverThrottled() throws Exception {
        String scope = Topics.uniqueName("registry");
        String app = Topics.uniqueName("budget");
        String input = Topics.uniqueName("budget-in");
        String output = Topics.uniqueName("budget-out");
        String dlq = Topics.uniqueName("budget-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        List<Instance> instances = new ArrayList<>();
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                .latencyMs(20, 60).tenSecondlyLimit(LIMIT).build())) {
            List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(17, 2_000,
                    List.of(PORTAL), List.of("contacts", "deals"), 500, 0.5, PAIRS, System.currentTimeMillis() - 60_000));
            instances.add(start(0, hubspot, scope, app, input, output, dlq));
            instances.add(start(1, hubspot, scope, app, input, output, dlq));
            // -Dbudget.scope=instance shows what this prevents: each instance then paces at the whole budget.
            boolean cluster = !"instance".equals(System.getProperty("budget.scope"));
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> instances.stream().allMatch(i -> i.service.isRunning())
                    && (!cluster || Math.abs(instances.stream().mapToDouble(Instance::share).sum() - 1.0) < 1e-9
                            && instances.stream().allMatch(i -> i.share() > 0 && i.share() < 1)));
            System.out.println("budget shares: " + instances.stream().map(Instance::share).toList());

            Topics.produce(input, new StringSerializer(), serdes.changeEvents().serializer(),
                    events.stream().map(e -> KeyValue.pair(ObjectChanges.objectKey(e), e)).toList());
            AccountingInvariant.Figures figures = AccountingInvariant.check(events, PAIRS, output, dlq,
                    serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(240));

            System.out.println("cluster budget, 2 instances at " + LIMIT + " per 10 s each: " + figures + "; "
                    + hubspot.stats().totalCalls() + " calls, " + hubspot.stats().responses(429) + " answered 429");
            assertThat(hubspot.stats().totalCalls()).isGreaterThan(LIMIT);
            assertThat(hubspot.stats().responses(429)).as("calls HubSpot answered 429").isZero();
        } finally {
            instances.forEach(Instance::close);
        }
    }

    private record Instance(AssociationsReader reader, EnricherService service, EnricherMetrics metrics) {
        double share() {
            var gauge = metrics.registry().find("enricher.hubspot.budget.share").gauge();
            return gauge == null ? Double.NaN : gauge.value();
        }

        void close() {
            service.close(Duration.ofSeconds(30));
            reader.close();
        }
    }

    private Instance start(int n, HubSpotSimulator hubspot, String scope, String app, String input, String output, String dlq) {
        Map<String, String> settings = ScenarioSettings.of(KafkaBroker.bootstrapServers(), app, work.resolve("state-" + n),
                scope, input, output, dlq, 6, hubspot, PORTAL);
        settings.put("kafka.commit.interval.ms", "200");
        settings.put("batch.max-ids", "10");
        settings.put("batch.max-wait", "200ms");
        settings.put("hubspot.rate-limit.requests", Integer.toString(LIMIT));
        settings.put("hubspot.rate-limit.period", "10s");
        settings.put("hubspot.rate-limit.scope", System.getProperty("budget.scope", "cluster"));
        EnricherConfig config = EnricherConfig.fromMap(settings);
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
        EnricherService service = new EnricherService(config, reader, metrics);
        service.start();
        return new Instance(reader, service, metrics);
    }
}
