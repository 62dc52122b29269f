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
import com.associationenricher.tools.demo.KafkaBrokerProcess;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a separate process) is stopped mid-stream, with batches pending and in flight and events still being
 * produced, and started again: the enricher rides it out without a restart of its own, and nothing is lost.
 */
class BrokerRestartIT {
    static final long PORTAL = 880088;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,deals:contacts");
    static final Duration OUTAGE = Duration.ofSeconds(15);

    @TempDir
    Path work;

    @Test
    void theEnricherRidesOutABrokerRestart() throws Exception {
        String scope = Topics.uniqueName("registry");
        String input = Topics.uniqueName("restart-in");
        String output = Topics.uniqueName("restart-out");
        String dlq = Topics.uniqueName("restart-dlq");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(47, 2_000,
                List.of(PORTAL), List.of("contacts", "deals"), 500, 0.7, PAIRS, System.currentTimeMillis() - 60_000));
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.format(work.resolve("broker"));
             HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(Canary.TOKEN, PORTAL)
                     .latencyMs(200, 600).build());
             AssociationsReader reader = AssociationsReaders.create(config(broker, hubspot, scope, input, output, dlq).hubspot(),
                     EnricherMetrics.inMemory())) {
            EnricherService service = new EnricherService(config(broker, hubspot, scope, input, output, dlq), reader,
                    EnricherMetrics.inMemory());
            try (service; KafkaProducer<String, CrmObjectChangeEvent> producer = producer(broker, serdes)) {
                service.start();
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(service::isRunning);
                List<Future<RecordMetadata>> sends = new CopyOnWriteArrayList<>();
                for (CrmObjectChangeEvent event : events.subList(0, 1_000)) {
                    sends.add(producer.send(new ProducerRecord<>(input, ObjectChanges.objectKey(event), event)));
                }
                awaitAll(sends);
                Topics.consumeUntil(broker.bootstrapServers(), output, new StringDeserializer(),
                        serdes.associationEvents().deserializer(), read -> read.size() >= 20, Duration.ofSeconds(60));

                // Events keep arriving, paced, before, during and after the outage; while the broker is down the
                // producer blocks on metadata, as any upstream producer would.
                CompletableFuture<Void> upstream = CompletableFuture.runAsync(() -> events.subList(1_000, 2_000).forEach(event -> {
                    sends.add(producer.send(new ProducerRecord<>(input, ObjectChanges.objectKey(event), event)));
                    LockSupport.parkNanos(10_000_000);
                }));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sends.size() >= 1_200);
                broker.stop();
                Awaitility.await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
                long restarted = System.nanoTime();
                broker.start();
                upstream.get(180, TimeUnit.SECONDS);
                awaitAll(sends);

                AccountingInvariant.Figures figures = AccountingInvariant.check(broker.bootstrapServers(), events, PAIRS,
                        output, dlq, serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), Map.of(),
                        Duration.ofSeconds(180));
                long recoveredMs = (System.nanoTime() - restarted) / 1_000_000;
                assertThat(service.hasFailed()).as("the enricher never gave up").isFalse();
                assertThat(service.isRunning()).isTrue();
                System.out.printf("broker restart (%d s down): %s; settled %d ms after the broker came back%n",
                        OUTAGE.toSeconds(), figures, recoveredMs);
            }
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        for (Future<RecordMetadata> send : sends) {
            send.get(120, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, CrmObjectChangeEvent> producer(KafkaBrokerProcess broker, EnricherSerdes serdes) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // see Topics.produce (KAFKA-15591)
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        return new KafkaProducer<>(config, new StringSerializer(), serdes.changeEvents().serializer());
    }

    private EnricherConfig config(KafkaBrokerProcess broker, HubSpotSimulator hubspot, String scope, String input,
                                  String output, String dlq) {
        return EnricherConfig.fromMap(ScenarioSettings.quick(ScenarioSettings.of(broker.bootstrapServers(), "restart",
                work.resolve("state"), scope, input, output, dlq, 3, hubspot, PORTAL)));
    }
}
