package com.associationenricher.tools.bench;

import com.associationenricher.backfill.BackfillRun;
import com.associationenricher.backfill.ReconcileRun;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepObserver;
import com.associationenricher.backfill.SweepReport;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.EnricherService;
import com.associationenricher.tools.simulator.Endpoint;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Scenarios {@code backfill} and {@code reconcile}: a simulator universe of pre-existing objects (no change event
 * ever), the enricher running, {@code backfill} run in this JVM at its configured budget while live changes arrive at
 * a steady rate; then {@code reconcile} over the table with nothing changed. Reports list and batch/read calls
 * against their minimum, elapsed time, the live changes' p99 delay, the share of suppressed answers and the
 * {@code last-emitted} store's bytes per key. The simulator's rate limit is generous so the run fits this machine;
 * the budget the figures are at is reported with them.
 */
final class BackfillScenario {
    static final String BACKFILL = "backfill";
    static final String RECONCILE = "reconcile";
    /** Shares of the universe per type, and where their ids start. */
    private static final Map<String, Double> SHARES = Map.of("contacts", 0.5, "companies", 0.3, "deals", 0.2);
    private static final Map<String, Long> FIRST_IDS = Map.of("contacts", 10_000_000L, "companies", 30_000_000L, "deals", 50_000_000L);
    static final int LIVE_PER_SECOND = 20;
    static final int LATENCY_MIN_MS = 20;
    static final int LATENCY_MAX_MS = 60;
    static final int SIMULATOR_LIMIT = 100_000;
    static final int LIVE_LIMIT = 10_000;
    static final int LISTING_BUDGET = 1_000;
    static final long MAX_WAIT_MS = 1_000;

    private final String bootstrap;
    private final int objects;
    private final PrintWriter out;

    BackfillScenario(String bootstrap, double scale, PrintWriter out) {
        this.bootstrap = bootstrap;
        this.objects = Math.max(2_000, (int) (1_000_000 * scale));
        this.out = out;
    }

    /** Runs both scenarios (reconcile needs the backfilled table) and adds their figures to {@code report}. */
    void run(BenchReport report, boolean withReconcile) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path state = Files.createTempDirectory("enricher-bench-backfill-");
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("bench-" + run));
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(BenchRun.TOKEN, BenchRun.PORTAL)
                .latencyMs(LATENCY_MIN_MS, LATENCY_MAX_MS).tenSecondlyLimit(SIMULATOR_LIMIT).retryAfter(true).threads(16).build())) {
            EnricherConfig config = config(run, state, hubspot.baseUrl());
            Map<String, Long> perType = seed(hubspot);
            long keys = 0;
            long minBatchCalls = 0;
            for (AssociationPairs.Pair pair : BenchRun.PAIRS.pairs()) {
                long n = perType.get(pair.fromType());
                keys += n;
                minBatchCalls += (n + 999) / 1000;
            }
            long minListCalls = perType.values().stream().mapToLong(n -> (n + 99) / 100).sum();
            long rssBefore = Measurement.currentRssMb();
            try (AssociationsReader reader = AssociationsReaders.create(config.hubspot(), metrics);
                 EnricherService service = new EnricherService(config, reader, metrics)) {
                service.start();
                await(service::isRunning, Duration.ofSeconds(60), "the enricher did not start");
                try (LiveChanges live = new LiveChanges(bootstrap, config.topics().input(), config.topics().output(), serdes);
                     RunContext context = RunContext.open(config, new SimpleMeterRegistry())) {
                    live.startProducing(hubspot.universe(), BenchRun.PORTAL, FIRST_IDS.get("contacts"), perType.get("contacts"),
                            LIVE_PER_SECOND);
                    long batchBefore = batchCalls(hubspot);
                    long start = System.nanoTime();
                    Thread backfill = background(() -> BackfillRun.run(context, new BackfillRun.Options(List.of(), false), SweepObserver.NONE));
                    long total = keys;
                    awaitPolling(live, () -> !backfill.isAlive()
                            && live.sourceEvents() + metrics.count("enricher.association.events.suppressed")
                            + metrics.count("enricher.dead.letters") >= total, Duration.ofMinutes(60), metrics, total);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    live.stopProducing();
                    awaitPolling(live, () -> live.unanswered() == 0, Duration.ofSeconds(60), metrics, total);
                    long listCalls = hubspot.stats().calls(Endpoint.OBJECT_LIST) + hubspot.stats().calls(Endpoint.OBJECT_SEARCH);
                    List<Long> delays = live.delaysMs();
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("objects", objects);
                    figures.put("pairs", BenchRun.PAIRS.pairs().size());
                    figures.put("keys", keys);
                    figures.put("list_calls", listCalls);
                    figures.put("min_list_calls", minListCalls);
                    figures.put("batch_read_calls", batchCalls(hubspot) - batchBefore);
                    figures.put("min_batch_read_calls", minBatchCalls);
                    figures.put("elapsed_s", round(seconds));
                    figures.put("objects_per_s", Math.round(objects / seconds));
                    figures.put("budget", LISTING_BUDGET + " list calls / 10 s (backfill.rate-limit.requests; live lookups "
                            + LIVE_LIMIT + " / 10 s; simulator " + SIMULATOR_LIMIT + " / 10 s, latency " + LATENCY_MIN_MS + "-"
                            + LATENCY_MAX_MS + " ms)");
                    // At HubSpot's usual 190 / 10 s the default listing share is 19 / 10 s: listing alone then takes this long.
                    figures.put("listing_s_at_19_per_10s", Math.round(listCalls / 1.9));
                    figures.put("live_changes", delays.size());
                    figures.put("live_changes_superseded", live.superseded());
                    figures.put("live_per_s", LIVE_PER_SECOND);
                    figures.put("live_p50_ms", percentile(delays, 0.50));
                    figures.put("live_p99_ms", percentile(delays, 0.99));
                    figures.put("live_p99_goal_ms", 2 * MAX_WAIT_MS + LATENCY_MAX_MS);
                    figures.put("rss_mb_before", rssBefore);
                    figures.put("peak_rss_mb", Measurement.currentPeakRssMb());
                    report.addFigures(BACKFILL, figures);
                    out.printf("backfill: %s%n", figures);
                    out.flush();
                    if (withReconcile) {
                        reconcile(report, context, hubspot, metrics, live, config, keys);
                    }
                }
            }
        }
    }

    private void reconcile(BenchReport report, RunContext context, HubSpotSimulator hubspot, EnricherMetrics metrics,
                           LiveChanges live, EnricherConfig config, long keys) throws Exception {
        double answeredBefore = metrics.count("enricher.association.events") + metrics.count("enricher.dead.letters");
        double suppressedBefore = metrics.count("enricher.association.events.suppressed");
        long batchBefore = batchCalls(hubspot);
        long listBefore = hubspot.stats().calls(Endpoint.OBJECT_LIST) + hubspot.stats().calls(Endpoint.OBJECT_SEARCH);
        long start = System.nanoTime();
        SweepReport sweep = ReconcileRun.run(context, new ReconcileRun.Options(List.of(), false, false), SweepObserver.NONE);
        if (!sweep.complete()) {
            throw new IllegalStateException("reconcile incomplete: " + sweep.render());
        }
        awaitPolling(live, () -> metrics.count("enricher.association.events") + metrics.count("enricher.dead.letters")
                - answeredBefore >= keys, Duration.ofMinutes(60), metrics, keys);
        double seconds = (System.nanoTime() - start) / 1e9;
        double answered = metrics.count("enricher.association.events") + metrics.count("enricher.dead.letters") - answeredBefore;
        double suppressed = metrics.count("enricher.association.events.suppressed") - suppressedBefore;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("keys", keys);
        figures.put("refresh_events", sweep.eventsWritten());
        figures.put("answers", Math.round(answered));
        figures.put("suppressed", Math.round(suppressed));
        figures.put("suppressed_share", round(answered == 0 ? 0 : suppressed / answered));
        figures.put("list_calls", hubspot.stats().calls(Endpoint.OBJECT_LIST) + hubspot.stats().calls(Endpoint.OBJECT_SEARCH) - listBefore);
        figures.put("batch_read_calls", batchCalls(hubspot) - batchBefore);
        figures.put("elapsed_s", round(seconds));
        figures.putAll(StoreFootprint.measure(bootstrap, config.applicationId(), keys));
        report.addFigures(RECONCILE, figures);
        out.printf("reconcile: %s%n", figures);
        out.flush();
    }

    private Map<String, Long> seed(HubSpotSimulator hubspot) {
        Map<String, Long> perType = new LinkedHashMap<>();
        SHARES.forEach((type, share) -> {
            long n = Math.round(objects * share);
            hubspot.universe().seedRange(BenchRun.PORTAL, type, FIRST_IDS.get(type), n);
            perType.put(type, n);
        });
        return perType;
    }

    private static long batchCalls(HubSpotSimulator hubspot) {
        return hubspot.stats().calls(Endpoint.V3_BATCH_READ) + hubspot.stats().calls(Endpoint.V4_BATCH_READ)
                + hubspot.stats().calls(Endpoint.DATED_BATCH_READ);
    }

    private EnricherConfig config(String run, Path state, String baseUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("kafka.application.id", "bench-" + run);
        settings.put("kafka.state.dir", state.toString());
        settings.put("schema-registry.url", "mock://bench-" + run);
        settings.put("topics.input", "bench-in-" + run);
        settings.put("topics.output", "bench-out-" + run);
        settings.put("topics.dead-letter", "bench-dlq-" + run);
        settings.put("topics.partitions", "4");
        settings.put("hubspot.base-url", baseUrl);
        settings.put("associations.pairs", String.join(",", BenchRun.PAIRS.pairs().stream().map(Object::toString).toList()));
        settings.put("hubspot.portals." + BenchRun.PORTAL + ".token", BenchRun.TOKEN);
        // v4 reads the 150 associations of an id ending in 999 in full.
        settings.put("hubspot.associations-api", "v4");
        settings.put("hubspot.rate-limit.requests", Integer.toString(LIVE_LIMIT));
        settings.put("hubspot.rate-limit.period", "10s");
        settings.put("backfill.rate-limit.requests", Integer.toString(LISTING_BUDGET));
        settings.put("batch.max-ids", "1000");
        settings.put("batch.max-wait", MAX_WAIT_MS + "ms");
        settings.put("output.emit-unchanged", "false");
        return EnricherConfig.fromMap(settings);
    }

    private static Thread background(Runnable body) {
        Thread thread = new Thread(body, "bench-sweep");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void await(BooleanSupplier done, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // benchmark harness: the service's own state
        }
    }

    /** Reads the output topic until {@code done}, printing progress every 10 s. */
    private void awaitPolling(LiveChanges live, BooleanSupplier done, Duration timeout, EnricherMetrics metrics, long keys) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLine = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + timeout + ": " + Math.round(metrics.count("enricher.association.events"))
                        + " answers of " + keys + " keys, " + live.unanswered() + " live changes unanswered");
            }
            live.poll(Duration.ofMillis(100));
            if (System.nanoTime() > nextLine) {
                nextLine += 10_000_000_000L;
                out.printf("  ... %d answers (%d keys), %d pending ids, %d live changes%n",
                        Math.round(metrics.count("enricher.association.events")), keys, metrics.pendingIds(), live.produced());
                out.flush();
            }
        }
    }

    private static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
