package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.tools.demo.TopicWatcher;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cluster budget scenario: several enricher instances of one application (one consumer group, in this JVM), each
 * configured with the whole HubSpot budget ({@code hubspot.rate-limit.requests} = the simulator's limit, not divided).
 * {@link #shared}: all of them on a backlog, produced once they run (how many 429s). {@link #alone}: one of them alone
 * on a backlog (the share of the budget it spends: calls per second over the limit's, measured while the backlog lasts).
 */
final class ClusterBudgetContender {
    private static final String SHARE_GAUGE = "enricher.hubspot.budget.share";
    private final String bootstrap;

    ClusterBudgetContender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    private record Instance(AssociationsReader reader, EnricherService service, EnricherMetrics metrics) {
        double share() {
            var gauge = metrics.registry().find(SHARE_GAUGE).gauge();
            return gauge == null ? Double.NaN : gauge.value();
        }

        void close() {
            service.close(Duration.ofSeconds(30));
            reader.close();
        }
    }

    /** {@code instances} instances settle {@code events}, produced once all of them run and share the budget. */
    Measurement shared(HubSpotSimulator hubspot, int instances, List<CrmObjectChangeEvent> events, AssociationPairs pairs,
                       Map<String, String> overrides, Duration timeout) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("bench-" + run));
        Map<String, Boolean> expected = ExpectedKeys.of(events, pairs);
        List<Instance> started = new ArrayList<>();
        EnricherConfig first = null;
        try {
            for (int i = 0; i < instances; i++) {
                EnricherConfig config = config(run, hubspot, pairs, overrides);
                first = first == null ? config : first;
                EnricherMetrics metrics = EnricherMetrics.inMemory();
                AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
                EnricherService service = new EnricherService(config, reader, metrics);
                started.add(new Instance(reader, service, metrics));
                service.start();
            }
            long ready = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < ready && !(started.stream().allMatch(i -> i.service().isRunning())
                    && Math.abs(started.stream().mapToDouble(Instance::share).sum() - 1.0) < 1e-6)) {
                Thread.sleep(100); // benchmark harness: waits for the group to settle its assignment
            }
            long callsBefore = hubspot.stats().totalCalls();
            long throttledBefore = hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING");
            try (BenchProducer producer = new BenchProducer(bootstrap, first.topics().input(), serdes);
                 TopicWatcher watcher = new TopicWatcher(bootstrap, first.topics().output(), first.topics().deadLetter(),
                         serdes.associationEvents().deserializer(), serdes.deadLetters().deserializer(), false)) {
                long start = System.nanoTime();
                producer.sendAll(events);
                long deadline = start + timeout.toNanos();
                OpenKeys open = new OpenKeys(watcher, expected);
                while (!open.isEmpty() && System.nanoTime() < deadline) {
                    open.poll(Duration.ofMillis(100));
                }
                if (!open.isEmpty()) {
                    throw new IllegalStateException(open.size() + " keys not settled within " + timeout);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long lookups = started.stream().mapToLong(i -> (long) (i.metrics().count("enricher.association.events")
                        + i.metrics().count("enricher.dead.letters"))).sum();
                return new Measurement(seconds, lookups, events.size(), hubspot.stats().totalCalls() - callsBefore,
                        EnricherContender.minimumCalls(expected), hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING") - throttledBefore,
                        List.of(), Measurement.currentPeakRssMb(), 0, 0);
            }
        } finally {
            started.forEach(Instance::close);
        }
    }

    /**
     * One instance alone on a backlog of {@code events}: calls per second over {@code window}, from {@code warmUp} after
     * its first call, while ids still wait. Returned as a Measurement whose seconds and apiCalls are the window's.
     */
    Measurement alone(HubSpotSimulator hubspot, List<CrmObjectChangeEvent> events, AssociationPairs pairs,
                      Map<String, String> overrides, Duration warmUp, Duration window) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("bench-" + run));
        EnricherConfig config = config(run, hubspot, pairs, overrides);
        com.associationenricher.pipeline.TopicProvisioner.ensure(adminProperties(), config.topics());
        try (BenchProducer producer = new BenchProducer(bootstrap, config.topics().input(), serdes)) {
            producer.sendAll(events);
        }
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
             EnricherService service = new EnricherService(config, reader, metrics)) {
            long callsAtStart = hubspot.stats().totalCalls();
            service.start();
            long limit = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (hubspot.stats().totalCalls() == callsAtStart && System.nanoTime() < limit) {
                Thread.sleep(50); // benchmark harness: waits for the first call
            }
            Thread.sleep(warmUp.toMillis());
            long calls0 = hubspot.stats().totalCalls();
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            long calls1 = hubspot.stats().totalCalls();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long stillPending = metrics.pendingIds();
            if (stillPending == 0) {
                throw new IllegalStateException("the backlog ran out within the window: budget use not measured");
            }
            return new Measurement(seconds, 0, events.size(), calls1 - calls0, 0,
                    hubspot.stats().rateLimited("TEN_SECONDLY_ROLLING"), List.of(), Measurement.currentPeakRssMb(), stillPending, 0);
        }
    }

    private EnricherConfig config(String run, HubSpotSimulator hubspot, AssociationPairs pairs, Map<String, String> overrides)
            throws java.io.IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "kafka.application.id", "bench-" + run,
                "kafka.state.dir", Files.createTempDirectory("enricher-bench-").toString(),
                "schema-registry.url", "mock://bench-" + run,
                "topics.input", "bench-in-" + run,
                "topics.output", "bench-out-" + run,
                "topics.dead-letter", "bench-dlq-" + run,
                "topics.partitions", "6",
                "hubspot.base-url", hubspot.baseUrl()));
        settings.put("associations.pairs", pairs.pairs().stream().map(Object::toString).reduce((a, b) -> a + "," + b).orElseThrow());
        settings.putAll(overrides);
        return EnricherConfig.fromMap(settings);
    }

    private java.util.Properties adminProperties() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", bootstrap);
        return properties;
    }
}
