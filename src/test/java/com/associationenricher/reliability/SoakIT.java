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
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderate, steady load over a fixed universe of objects for {@code -Dsoak.duration} (ISO-8601, default PT30S in
 * {@code mvn verify}; the full soak is {@code -Dsoak.duration=PT10M}): the ids pending never exceed the number of
 * distinct keys, the heap after GC does not grow from the first half of the run to the second, and the invariant holds.
 */
@ExtendWith(KafkaBroker.class)
class SoakIT {
    static final long PORTAL = 660066;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");
    static final int EVENTS_PER_SECOND = 200;
    static final int OBJECTS = 2_000;
    static final long HEAP_GROWTH_ALLOWED = 64L << 20;

    @TempDir
    Path work;

    @Test
    void pendingIdsAndHeapStayBoundedUnderSteadyLoad() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT30S"));
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("soak-in");
        String output = Topics.uniqueName("soak-out");
        String dlq = Topics.uniqueName("soak-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        int count = (int) (duration.toSeconds() * EVENTS_PER_SECOND);
        List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(53, count,
                List.of(PORTAL), List.of("contacts", "deals"), OBJECTS, 0.9, PAIRS, System.currentTimeMillis() - 60_000));
        int distinctKeys = ExpectedKeys.of(events, PAIRS).size();
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        List<long[]> samples = new ArrayList<>();
        EnricherConfig config;
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                .latencyMs(50, 250).build());
             AssociationsReader reader = AssociationsReaders.create((config = config(hubspot, scope, input, output, dlq)).hubspot(), metrics);
             EnricherService service = new EnricherService(config, reader, metrics);
             KafkaProducer<String, CrmObjectChangeEvent> producer = producer(serdes)) {
            service.start();
            long start = System.nanoTime();
            long nextSample = 0;
            for (int i = 0; i < events.size(); i++) {
                CrmObjectChangeEvent event = events.get(i);
                producer.send(new ProducerRecord<>(input, ObjectChanges.objectKey(event), event));
                long due = start + TimeUnit.SECONDS.toNanos(1) * i / EVENTS_PER_SECOND;
                LockSupport.parkNanos(due - System.nanoTime());
                if (System.nanoTime() - start >= nextSample) {
                    samples.add(sample(start, metrics));
                    nextSample += TimeUnit.SECONDS.toNanos(5);
                }
            }
            producer.flush();
            samples.add(sample(start, metrics));

            AccountingInvariant.Figures figures = AccountingInvariant.check(events, PAIRS, output, dlq,
                    serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(), Duration.ofSeconds(120));
            long maxPending = samples.stream().mapToLong(s -> s[1]).max().orElseThrow();
            long firstHalfHeap = samples.subList(0, samples.size() / 2).stream().mapToLong(s -> s[2]).max().orElseThrow();
            long secondHalfHeap = samples.subList(samples.size() / 2, samples.size()).stream().mapToLong(s -> s[2]).max().orElseThrow();
            System.out.printf("soak %s at %d events/s: %s; %d samples, pending ids max %d (distinct keys %d), heap after GC "
                            + "max %d MB first half, %d MB second half; %.0f batches sent%n", duration, EVENTS_PER_SECOND, figures,
                    samples.size(), maxPending, distinctKeys, firstHalfHeap >> 20, secondHalfHeap >> 20,
                    metrics.count("enricher.batches"));
            assertThat(maxPending).as("pending ids are bounded by the distinct keys").isLessThanOrEqualTo(distinctKeys);
            Canary.assertNotIn(metrics);
            assertThat(secondHalfHeap).as("heap after GC does not grow over the run").isLessThanOrEqualTo(firstHalfHeap + HEAP_GROWTH_ALLOWED);
        }
    }

    /** {seconds since start, pending ids, heap used after a GC}. */
    private static long[] sample(long start, EnricherMetrics metrics) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new long[] {TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), metrics.pendingIds(), heap};
    }

    private static KafkaProducer<String, CrmObjectChangeEvent> producer(EnricherSerdes serdes) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // see Topics.produce (KAFKA-15591)
        return new KafkaProducer<>(config, new StringSerializer(), serdes.changeEvents().serializer());
    }

    private EnricherConfig config(HubSpotSimulator hubspot, String scope, String input, String output, String dlq) {
        // Production defaults for batching and pacing: a soak should run what production runs.
        return EnricherConfig.fromMap(ScenarioSettings.of(KafkaBroker.bootstrapServers(), Topics.uniqueName("soak"),
                work.resolve("state"), scope, input, output, dlq, 3, hubspot, PORTAL));
    }
}
