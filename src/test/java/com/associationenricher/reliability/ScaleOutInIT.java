package com.associationenricher.reliability;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One instance, then three (one consumer group, standby replicas on), then one again, mid-stream: nothing lost. */
@ExtendWith(KafkaBroker.class)
class ScaleOutInIT {
    static final long PORTAL = 990099;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");

    @TempDir
    Path work;

    @Test
    void scalingOutAndInMidStreamLosesNothing() throws Exception {
        String scope = Topics.uniqueName("registry");
        String app = Topics.uniqueName("scale");
        String input = Topics.uniqueName("scale-in");
        String output = Topics.uniqueName("scale-out");
        String dlq = Topics.uniqueName("scale-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        List<Instance> instances = new ArrayList<>();
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                .latencyMs(50, 150).build())) {
            List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(31, 3_000,
                    List.of(PORTAL), List.of("contacts", "deals"), 600, 0.7, PAIRS, System.currentTimeMillis() - 60_000));
            instances.add(start(0, hubspot, scope, app, input, output, dlq));
            ChangeEvents.produce(input, events.subList(0, 1_000), serdes.changeEvents().serializer());
            instances.add(start(1, hubspot, scope, app, input, output, dlq));
            instances.add(start(2, hubspot, scope, app, input, output, dlq));
            ChangeEvents.produce(input, events.subList(1_000, 2_000), serdes.changeEvents().serializer());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> instances.stream().allMatch(i -> i.service.isRunning()));
            instances.remove(2).close();
            instances.remove(1).close();
            ChangeEvents.produce(input, events.subList(2_000, 3_000), serdes.changeEvents().serializer());

            AccountingInvariant.Figures figures = AccountingInvariant.check(events, PAIRS, output, dlq,
                    serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(120));
            System.out.println("scale 1 -> 3 -> 1: " + figures);
        } finally {
            instances.forEach(Instance::close);
        }
    }

    private record Instance(AssociationsReader reader, EnricherService service) {
        void close() {
            service.close(Duration.ofSeconds(30));
            reader.close();
        }
    }

    private Instance start(int n, HubSpotSimulator hubspot, String scope, String app, String input, String output, String dlq) {
        Map<String, String> settings = ScenarioSettings.quick(ScenarioSettings.of(KafkaBroker.bootstrapServers(), app,
                work.resolve("state-" + n), scope, input, output, dlq, 6, hubspot, PORTAL));
        settings.put("kafka.num.standby.replicas", "1");
        EnricherConfig config = EnricherConfig.fromMap(settings);
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
        EnricherService service = new EnricherService(config, reader, metrics);
        service.start();
        return new Instance(reader, service);
    }

}
