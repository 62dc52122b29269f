package com.associationenricher.tools.demo;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.GenericAvroDecoder;
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
import com.associationenricher.tools.workload.ChangeEventWorkload;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one-command demo: a real in-JVM Kafka broker, an in-memory schema registry, the HubSpot simulator and the
 * enricher, fed a realistic stream of change events; shows live progress, then a summary and decoded records, and
 * checks that every generated id ended in the output or the dead-letter topic.
 */
public final class DemoRun {
    public static final long PORTAL = 123456;
    public static final long SECOND_PORTAL = 777777;
    /** HubSpot's Professional plan: 190 requests per 10 s, enforced by the simulator and honoured by the enricher. */
    static final int PLAN_LIMIT = 190;
    static final List<String> FAILING_IDS = List.of("1014", "1700");
    /** Contacts that exist before the demo starts and never change: only the backfill brings them into the table. */
    static final int PRE_EXISTING = 1_000;

    /** @param events change events to generate; @param follow keep running after the summary until interrupted */
    public record Options(int events, Duration produceOver, Duration timeout, boolean follow) {
    }

    /** What the demo saw; {@code unsettled} is empty when every id is accounted for. */
    public record Outcome(int events, int expectedKeys, long associationRecords, long tombstones, long deadLetters,
                          Map<String, Long> deadLettersByReason, long apiCalls, List<String> unsettled,
                          long associationsAdded, long associationsRemoved, long unchangedNotWritten,
                          long backfilled, long backfillListCalls, long backfilledKeysInTable, int backfillKeys) {
    }

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter progress;

    public DemoRun(Options options, PrintWriter out, PrintWriter progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        long started = System.nanoTime();
        Path stateDir = Files.createTempDirectory("enricher-demo-");
        out.println("association-enricher demo: starting a Kafka broker (KRaft, in this JVM), the HubSpot simulator and the enricher...");
        out.flush();
        try (DemoLogging quiet = DemoLogging.quietInfrastructure();
             InJvmKafka kafka = InJvmKafka.start();
             HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                     .token("demo-token", PORTAL)
                     .token("demo-token-2", SECOND_PORTAL)
                     .latencyMs(20, 80)
                     .tenSecondlyLimit(PLAN_LIMIT)
                     .missingScopes("tickets")
                     .failIds(FAILING_IDS)
                     .build())) {
            String registryScope = "demo-" + UUID.randomUUID();
            EnricherConfig config = EnricherConfig.fromMap(Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", kafka.bootstrapServers()),
                    Map.entry("kafka.application.id", "association-enricher-demo"),
                    Map.entry("kafka.state.dir", stateDir.toString()),
                    Map.entry("kafka.commit.interval.ms", "200"),
                    Map.entry("schema-registry.url", "mock://" + registryScope),
                    Map.entry("topics.partitions", "3"),
                    Map.entry("hubspot.base-url", hubspot.baseUrl()),
                    Map.entry("hubspot.portals." + PORTAL + ".token", "demo-token"),
                    Map.entry("hubspot.portals." + SECOND_PORTAL + ".token", "demo-token-2"),
                    Map.entry("hubspot.rate-limit.requests", String.valueOf(PLAN_LIMIT)),
                    // The version README recommends for new deployments: complete lists, type ids and labels.
                    Map.entry("hubspot.associations-api", "2026-03"),
                    Map.entry("batch.max-wait", "500ms")));
            EnricherMetrics metrics = EnricherMetrics.inMemory();
            EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(registryScope));
            AssociationPairs pairs = config.associationPairs();
            List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(
                    42, options.events(), List.of(PORTAL, SECOND_PORTAL), List.of("contacts", "companies", "deals", "tickets"),
                    Math.max(50, options.events() / 10), 0.8, pairs, System.currentTimeMillis() - 60_000));
            Map<String, Boolean> expected = new java.util.LinkedHashMap<>(ExpectedKeys.of(events, pairs));
            List<String> backfillKeys = new java.util.ArrayList<>();
            for (String id : hubspot.universe().seed(PORTAL, "contacts", 5_000_000, PRE_EXISTING)) {
                pairs.targetsOf("contacts").forEach(to -> backfillKeys.add(PORTAL + ":contacts:" + id + ":" + to));
            }
            backfillKeys.forEach(key -> expected.put(key, false));
            var topics = config.topics();

            try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
                 EnricherService service = new EnricherService(config, reader, metrics)) {
                service.start();
                java.util.concurrent.CompletableFuture<com.associationenricher.backfill.SweepReport> backfill =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> backfill(config));
                try (TopicWatcher watcher = new TopicWatcher(kafka.bootstrapServers(), topics.output(), topics.deadLetter(),
                        serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer());
                     KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                    out.printf("Ready in %.1f s. Producing %d change events to %s over %d s...%n",
                            seconds(started), events.size(), topics.input(), options.produceOver().toSeconds());
                    out.flush();
                    ProgressLine line = new ProgressLine(progress, metrics, hubspot, watcher);
                    produce(events, producer, topics.input(), serdes, watcher, line);
                    long deadline = System.nanoTime() + options.timeout().toNanos();
                    List<String> unsettled = watcher.unsettled(expected);
                    while (!unsettled.isEmpty() && System.nanoTime() < deadline) {
                        watcher.poll(Duration.ofMillis(200));
                        line.maybePrint(events.size());
                        unsettled = watcher.unsettled(expected);
                    }
                    line.print(events.size());
                    progress.println();
                    com.associationenricher.backfill.SweepReport backfilled = backfill.get(options.timeout().toSeconds(),
                            java.util.concurrent.TimeUnit.SECONDS);
                    long inTable = backfillKeys.stream().filter(key -> watcher.settled(key, false)).count();
                    Outcome outcome = outcome(events.size(), expected, watcher, hubspot, unsettled, metrics, backfilled, inTable,
                            backfillKeys.size());
                    new DemoReport(out).print(outcome, watcher, new GenericAvroDecoder(InMemorySchemaRegistry.scope(registryScope)),
                            topics.output(), topics.deadLetter(), seconds(started));
                    if (options.follow()) {
                        out.println("Following (--follow): the enricher keeps running; press Ctrl-C to stop.");
                        out.flush();
                        while (!Thread.currentThread().isInterrupted()) {
                            watcher.poll(Duration.ofSeconds(1));
                            line.maybePrint(events.size());
                        }
                    }
                    return outcome;
                }
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private void produce(List<CrmObjectChangeEvent> events, KafkaProducer<String, byte[]> producer, String topic,
                         EnricherSerdes serdes, TopicWatcher watcher, ProgressLine line) throws Exception {
        long start = System.nanoTime();
        long perEventNanos = options.produceOver().toNanos() / Math.max(1, events.size());
        var serializer = serdes.changeEvents().serializer();
        for (int i = 0; i < events.size(); i++) {
            CrmObjectChangeEvent event = events.get(i);
            producer.send(new ProducerRecord<>(topic, ObjectChanges.objectKey(event), serializer.serialize(topic, event)));
            while (System.nanoTime() - start < perEventNanos * i) {
                watcher.poll(Duration.ofMillis(20));
                line.maybePrint(i);
            }
        }
        // A few inputs the enricher cannot use: they become dead letters, and the stream goes on.
        producer.send(new ProducerRecord<>(topic, "bad-1", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    /** The backfill of the pre-existing contacts, running next to the live traffic (which goes first). */
    private static com.associationenricher.backfill.SweepReport backfill(EnricherConfig config) {
        try (var context = com.associationenricher.backfill.RunContext.open(config,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            return com.associationenricher.backfill.BackfillRun.run(context,
                    new com.associationenricher.backfill.BackfillRun.Options(List.of("contacts"), false),
                    com.associationenricher.backfill.SweepObserver.NONE);
        }
    }

    private static Outcome outcome(int events, Map<String, Boolean> expected, TopicWatcher watcher, HubSpotSimulator hubspot,
                                   List<String> unsettled, EnricherMetrics metrics,
                                   com.associationenricher.backfill.SweepReport backfill, long backfilledKeysInTable,
                                   int backfillKeys) {
        Map<String, Long> byReason = new TreeMap<>();
        watcher.deadLetters().values().forEach(dl -> byReason.merge(dl.getReason().name(), 1L, Long::sum));
        return new Outcome(events, expected.size(), watcher.associationRecords(), watcher.tombstoneRecords(),
                watcher.deadLetterRecords(), byReason, hubspot.stats().totalCalls(), unsettled, watcher.associationsAdded(),
                watcher.associationsRemoved(), (long) metrics.count("enricher.association.events.suppressed"),
                backfill.results().stream().mapToLong(r -> r.objects()).sum(), backfill.listCalls(), backfilledKeysInTable,
                backfillKeys);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight: with several, a request refused before the broker has applied a new partition
        // (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and its retries then fail with
        // OUT_OF_ORDER_SEQUENCE until they expire: records lost despite idempotence (KAFKA-15591, fixed after 4.3).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
