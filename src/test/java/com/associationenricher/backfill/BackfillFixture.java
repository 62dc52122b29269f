package com.associationenricher.backfill;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One backfill test's world: topics of its own, a mock registry scope, the simulator, and the configuration the
 * enricher, backfill and reconcile share (v4, so objects with 150 associations are read in full).
 */
final class BackfillFixture {

    final String scope = Topics.uniqueName("registry");
    final String input = Topics.uniqueName("changes");
    final String output = Topics.uniqueName("associations");
    final String dlq = Topics.uniqueName("dlq");
    final EnricherSerdes serdes = TestSerdes.enricherSerdes(scope);
    final HubSpotSimulator hubspot;
    final Map<String, String> settings = new LinkedHashMap<>();

    BackfillFixture(HubSpotSimulator hubspot, Path stateDir, String pairs) {
        this.hubspot = hubspot;
        settings.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        settings.put("kafka.application.id", Topics.uniqueName("backfill-app"));
        settings.put("kafka.state.dir", stateDir.toString());
        settings.put("kafka.commit.interval.ms", "200");
        settings.put("schema-registry.url", "mock://" + scope);
        settings.put("topics.input", input);
        settings.put("topics.output", output);
        settings.put("topics.dead-letter", dlq);
        settings.put("topics.partitions", "2");
        settings.put("associations.pairs", pairs);
        settings.put("hubspot.base-url", hubspot.baseUrl());
        settings.put("hubspot.token", com.associationenricher.tools.simulator.SimulatorSettings.DEFAULT_TOKEN);
        settings.put("hubspot.portal-id", Long.toString(com.associationenricher.tools.simulator.SimulatorSettings.DEFAULT_PORTAL_ID));
        settings.put("hubspot.associations-api", "v4");
        settings.put("hubspot.rate-limit.requests", "500");
        settings.put("hubspot.rate-limit.period", "1s");
        settings.put("backfill.rate-limit.requests", "50");
        settings.put("batch.max-wait", "200ms");
    }

    EnricherConfig config() {
        return EnricherConfig.fromMap(settings);
    }

    /** The enricher, running in this JVM until closed. */
    AutoCloseable startEnricher() {
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        AssociationsReader reader = AssociationsReaders.create(config().hubspot(), metrics);
        EnricherService service = new EnricherService(config(), reader, metrics);
        service.start();
        return () -> {
            service.close(Duration.ofSeconds(10));
            reader.close();
        };
    }

    SweepReport backfill(BackfillRun.Options options, SweepObserver observer) {
        try (RunContext context = RunContext.open(config(), new SimpleMeterRegistry())) {
            return BackfillRun.run(context, options, observer);
        }
    }

    SweepReport reconcile(ReconcileRun.Options options) {
        try (RunContext context = RunContext.open(config(), new SimpleMeterRegistry())) {
            return ReconcileRun.run(context, options, SweepObserver.NONE);
        }
    }

    /** The output table (latest value per key, tombstones removed) once {@code done} holds for it. */
    Map<String, List<String>> awaitTable(Predicate<Map<String, List<String>>> done, Duration timeout) {
        List<ConsumerRecord<String, AssociationEvent>> read = Topics.consumeUntil(output, new StringDeserializer(),
                serdes.associationEvents().deserializer(), records -> done.test(table(records)), timeout);
        return table(read);
    }

    /** Every change event on the input topic. */
    List<CrmObjectChangeEvent> awaitInput(Predicate<List<CrmObjectChangeEvent>> done) {
        return Topics.consumeUntil(input, new StringDeserializer(), serdes.changeEvents().deserializer(),
                records -> done.test(records.stream().map(ConsumerRecord::value).toList()), Duration.ofSeconds(60))
                .stream().map(ConsumerRecord::value).toList();
    }

    static Map<String, List<String>> table(List<ConsumerRecord<String, AssociationEvent>> records) {
        Map<String, List<String>> table = new HashMap<>();
        for (ConsumerRecord<String, AssociationEvent> record : records) {
            if (record.value() == null) {
                table.remove(record.key());
            } else {
                // Distinct: a v4 association with a label as well comes once per association type.
                table.put(record.key(), record.value().getAssociations().stream().map(Association::getToObjectId).distinct().toList());
            }
        }
        return table;
    }

    /** What the simulator says the object's associations are now. */
    List<String> truth(long portal, String from, String id, String to) {
        return hubspot.universe().associations(portal, from, id, to).stream().map(TrueAssociation::toObjectId).toList();
    }
}
