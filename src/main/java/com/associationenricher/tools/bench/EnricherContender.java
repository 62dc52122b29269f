package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.tools.demo.TopicWatcher;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs association-enricher (EnricherService, in this JVM) on a workload until every expected key is settled, and
 * measures it: id lookups, API calls against the minimum, 429s, end-to-end delays.
 */
final class EnricherContender {
    static final int PARTITIONS = 4;
    private final String bootstrap;

    EnricherContender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * @param preProduce true: the whole workload is a backlog before the enricher starts; false: produced at
     *                   {@code eventsPerSecond} while it runs
     */
    Measurement run(HubSpotSimulator hubspot, List<CrmObjectChangeEvent> events, AssociationPairs pairs,
                    Map<String, String> overrides, boolean preProduce, int eventsPerSecond, Duration timeout) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String scope = "bench-" + run;
        EnricherConfig config = config(run, hubspot, pairs, overrides);
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        Map<String, Boolean> expected = ExpectedKeys.of(events, pairs);
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        long callsBefore = hubspot.stats().totalCalls();
        long throttledBefore = hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING");
        BenchProducer producer = new BenchProducer(bootstrap, config.topics().input(), serdes);
        if (preProduce) {
            com.associationenricher.pipeline.TopicProvisioner.ensure(adminProperties(), config.topics());
            producer.sendAll(events);
        }
        long peakPending = 0;
        try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
             EnricherService service = new EnricherService(config, reader, metrics)) {
            service.start();
            try (TopicWatcher watcher = new TopicWatcher(bootstrap, config.topics().output(), config.topics().deadLetter(),
                    serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(),
                    // Delays are read from the values; a backlog's run needs only which keys settled.
                    !preProduce)) {
                long start = 0;
                AppThreadsCpu cpu = null;
                if (!preProduce) {
                    // Live traffic meets a running instance: start-up (first rebalance) is not end-to-end delay.
                    long ready = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (!service.isRunning() && System.nanoTime() < ready) {
                        Thread.sleep(20);
                    }
                    start = System.nanoTime();
                    cpu = AppThreadsCpu.start(config.applicationId());
                    producer.sendPaced(events, eventsPerSecond, () -> watcher.poll(Duration.ofMillis(5)));
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                OpenKeys open = new OpenKeys(watcher, expected);
                RunTimeline timeline = new RunTimeline();
                while (!open.isEmpty() && System.nanoTime() < deadline) {
                    // A backlog's clock starts when the enricher takes its first change, as the passthrough's does at
                    // its first record (it started at the first call until 2026-12-02, which left out the first
                    // batch.max-wait and made an earlier first call look slower).
                    open.poll(Duration.ofMillis(start == 0 ? 5 : 100));
                    if (start == 0 && metrics.count("enricher.events.in") > 0) {
                        start = System.nanoTime();
                        cpu = AppThreadsCpu.start(config.applicationId());
                    }
                    peakPending = Math.max(peakPending, metrics.pendingIds());
                    if (start != 0) {
                        timeline.sample((System.nanoTime() - start) / 1e9, (long) metrics.count("enricher.events.in"), lookups(metrics));
                    }
                }
                if (!open.isEmpty()) {
                    throw new IllegalStateException(open.size() + " keys not settled within " + timeout + ", e.g. " + open.some());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double appCpuSeconds = cpu == null ? 0 : cpu.seconds();
                long lookups = lookups(metrics);
                return new Measurement(seconds, lookups, events.size(), hubspot.stats().totalCalls() - callsBefore,
                        minimumCalls(expected), hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING") - throttledBefore,
                        // A backlog's events happened before the run: their delays measure the backlog, not the pipeline.
                        preProduce ? List.of() : watcher.delaysMs(), Measurement.currentPeakRssMb(), peakPending, 0)
                        .withTraffic(TopicTraffic.of(bootstrap, config.applicationId())).withAppCpuSeconds(appCpuSeconds)
                        // A live run's pace is the producer's: only a backlog's timeline says how fast the topology goes.
                        .withTimeline(preProduce ? timeline.summary(seconds, events.size()) : RunTimeline.Summary.NONE);
            }
        } finally {
            producer.close();
        }
    }

    /** Lookups the batcher has answered so far: association events and dead letters. */
    private static long lookups(EnricherMetrics metrics) {
        return (long) (metrics.count("enricher.association.events") + metrics.count("enricher.dead.letters"));
    }

    private EnricherConfig config(String run, HubSpotSimulator hubspot, AssociationPairs pairs, Map<String, String> overrides)
            throws java.io.IOException {
        return EnricherConfig.fromMap(settings(run, hubspot, pairs, overrides));
    }

    /** The settings of one run (its own application id, topics and state directory) over the scenario's overrides. */
    Map<String, String> settings(String run, HubSpotSimulator hubspot, AssociationPairs pairs, Map<String, String> overrides)
            throws java.io.IOException {
        String scope = "bench-" + run;
        Path state = Files.createTempDirectory("enricher-bench-");
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "kafka.application.id", "bench-" + run,
                "kafka.state.dir", state.toString(),
                "schema-registry.url", "mock://" + scope,
                "topics.input", "bench-in-" + run,
                "topics.output", "bench-out-" + run,
                "topics.dead-letter", "bench-dlq-" + run,
                "topics.partitions", String.valueOf(PARTITIONS),
                "hubspot.base-url", hubspot.baseUrl()));
        settings.put("associations.pairs", pairs.pairs().stream().map(Object::toString).reduce((a, b) -> a + "," + b).orElseThrow());
        settings.putAll(overrides);
        return settings;
    }

    /** The Kafka Streams settings among {@code overrides} (kafka.*, the prefix removed): what a reference runs with too. */
    static Map<String, String> streamsSettings(Map<String, String> overrides) {
        Map<String, String> streams = new HashMap<>();
        overrides.forEach((key, value) -> {
            if (key.startsWith("kafka.")) {
                streams.put(key.substring("kafka.".length()), value);
            }
        });
        return streams;
    }

    java.util.Properties adminProperties() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", bootstrap);
        return properties;
    }

    /** The fewest calls that could answer the keys: per (portal, from, to) group, ceil(keys / 1,000). */
    static long minimumCalls(Map<String, Boolean> expected) {
        Map<String, Long> perGroup = new HashMap<>();
        expected.forEach((key, tombstone) -> {
            if (!tombstone) {
                String[] parts = key.split(":");
                perGroup.merge(parts[0] + ":" + parts[1] + ":" + parts[3], 1L, Long::sum);
            }
        });
        return perGroup.values().stream().mapToLong(n -> (n + 999) / 1000).sum();
    }
}
