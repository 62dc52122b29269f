package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.tools.demo.KafkaBrokerProcess;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The benchmark: association-enricher against HubSpot's rate ceiling and against the tutorial pattern, on one broker
 * (a separate process, so its CPU is not the contenders') and one simulator, same workload. Contenders: the enricher,
 * naive Kafka Streams, Confluent Parallel Consumer. Scenarios: rate-bound (the real world), latency-bound, CPU-bound, delay.
 */
public final class BenchRun {
    static final long PORTAL = 424242;
    static final String TOKEN = "bench-token";
    static final int PLAN_LIMIT = 190;
    static final AssociationPairs CONTACTS_TO_COMPANIES = AssociationPairs.parse("contacts:companies");
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,companies:contacts,deals:contacts,deals:companies");

    /**
     * @param scale     multiplies every workload size; 1 is the full run, --quick uses a smaller scale
     * @param scenarios the scenarios to run (by name); empty: all of them
     */
    public record Options(double scale, int repetitions, Path outputDir, java.util.Set<String> scenarios, Map<String, String> settings,
                          int warmupRuns) {
        public Options(double scale, int repetitions, Path outputDir) {
            this(scale, repetitions, outputDir, java.util.Set.of(), Map.of(), 0);
        }

        public Options(double scale, int repetitions, Path outputDir, java.util.Set<String> scenarios, Map<String, String> settings) {
            this(scale, repetitions, outputDir, scenarios, settings, 0);
        }

        boolean selected(String scenario) {
            return scenarios.isEmpty() || scenarios.contains(scenario);
        }
    }

    static final String CLUSTER_BUDGET = "cluster_budget";
    /** Reported with cluster_budget; selected with it. */
    static final String BUDGET_ALONE = "cluster_budget_alone";
    static final int CLUSTER_LIMIT = 100;
    /** The floor under each store layout (FloorTopology.Layout), same input as cpu_bound. */
    static final String FLOOR_LAYOUTS = "floor_layouts";
    /** Every scenario's name, for --scenario. */
    public static final List<String> SCENARIOS = List.of("pending_ids", "rate_bound", "rate_bound_100_ids", "latency_bound",
            "cpu_bound", FLOOR_LAYOUTS, "delay", CLUSTER_BUDGET, BUDGET_ALONE, BackfillScenario.BACKFILL, BackfillScenario.RECONCILE);

    private final Options options;
    private final PrintWriter out;
    private KafkaBrokerProcess broker;

    public BenchRun(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    public BenchReport run() throws Exception {
        BenchReport report = new BenchReport(options);
        Path brokerDir = Files.createTempDirectory("bench-broker-");
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.format(brokerDir)) {
            broker = kafka;
            EnricherContender enricher = new EnricherContender(kafka.bootstrapServers());
            int backlog = size(120_000);
            // HubSpot answers nothing (every call hangs): how much memory do a million waiting ids take? The enricher runs
            // alone in its own JVM, so the figure is its own and not the benchmark's (simulator, broker client, events).
            int held = size(1_000_000);
            PendingIdsInOwnJvm ownJvm = new PendingIdsInOwnJvm(enricher);
            scenario(report, "pending_ids", "association-enricher", () -> simulator(600_000, 600_000, 0),
                    hub -> ownJvm.run(hub, distinctContacts(held), CONTACTS_TO_COMPANIES,
                            with(unlimited(), "batch.max-in-flight", "1"), Duration.ofMinutes(15)));
            if (!ownJvm.figures().isEmpty()) {
                report.addFigures("pending_ids_own_jvm", ownJvm.figures());
            }

            scenario(report, "rate_bound", "association-enricher", () -> simulator(100, 300, PLAN_LIMIT),
                    hub -> enricher.run(hub, workload(backlog, 1.0, 1), PAIRS, rateLimited(), true, 0, Duration.ofMinutes(10)));
            scenario(report, "rate_bound", "naive-kafka-streams", () -> simulator(100, 300, PLAN_LIMIT),
                    hub -> new NaiveStreamsContender(kafka.bootstrapServers()).run(hub.baseUrl(), TOKEN,
                            workload(backlog, 1.0, 1), PAIRS, Duration.ofSeconds(options.scale() >= 1 ? 60 : options.scale() >= 0.1 ? 20 : 5)));
            scenario(report, "rate_bound", "parallel-consumer", () -> simulator(100, 300, PLAN_LIMIT),
                    hub -> new ParallelConsumerContender(kafka.bootstrapServers()).run(hub.baseUrl(), TOKEN,
                            workload(backlog, 1.0, 1), PAIRS, Duration.ofSeconds(options.scale() >= 1 ? 60 : options.scale() >= 0.1 ? 20 : 5)));
            // HubSpot's per-call input limit was 100 until 2025; at 100 ids per call the rate limit is the wall even here.
            scenario(report, "rate_bound_100_ids", "association-enricher", () -> simulator(100, 300, PLAN_LIMIT),
                    hub -> enricher.run(hub, workload(backlog, 1.0, 5), PAIRS, with(rateLimited(), "batch.max-ids", "100"),
                            true, 0, Duration.ofMinutes(10)));
            scenario(report, "latency_bound", "association-enricher", () -> simulator(200, 200, 0),
                    hub -> enricher.run(hub, workload(backlog, 1.0, 2), PAIRS, unlimited(), true, 0, Duration.ofMinutes(10)));
            // Throughput of a running service: the warm-up runs (the JIT compiling Kafka's, Avro's and our code, which a
            // deployed instance pays once) are reported apart, as cpu_bound_warmup, and not in the median.
            scenario(report, "cpu_bound", "association-enricher", options.warmupRuns(), () -> simulator(0, 0, 0),
                    hub -> enricher.run(hub, workload(backlog, 1.0, 3), PAIRS, unlimited(), true, 0, Duration.ofMinutes(10)));
            // Kafka Streams' own limit here: the same input bytes through one stateless map, same guarantee and settings.
            scenario(report, "cpu_bound", StatelessPassthrough.NAME, options.warmupRuns(), () -> simulator(0, 0, 0),
                    hub -> new ReferenceContender(kafka.bootstrapServers(), new StatelessPassthrough()).run(workload(backlog, 1.0, 3),
                            EnricherContender.streamsSettings(unlimited()), Duration.ofMinutes(5)));
            // The floor under the topology: the Kafka Streams work its guarantees need (repartition by object, a
            // changelogged pending entry put and deleted, the answer put, one output record), with the enricher's defaults.
            floor(report, "cpu_bound", new FloorTopology(PAIRS, true), kafka, backlog);
            floor(report, "cpu_bound", new FloorTopology(PAIRS, false), kafka, backlog);
            // What the enricher's store layout costs under the floor: the same floor with its three stores, with
            // last-changes folded into last-emitted, and with one store per key, beside the minimal one.
            for (FloorTopology.Layout layout : FloorTopology.Layout.values()) {
                floor(report, FLOOR_LAYOUTS, new FloorTopology(PAIRS, true, layout), kafka, backlog);
            }
            int delayEvents = size(10_000);
            scenario(report, "delay", "association-enricher", () -> simulator(100, 300, 0),
                    hub -> enricher.run(hub, workload(delayEvents, 1.0, 4), PAIRS, unlimited(), false, 500, Duration.ofMinutes(5)));
            // Three instances of one application, each configured with the simulator's whole limit (not divided).
            ClusterBudgetContender cluster = new ClusterBudgetContender(kafka.bootstrapServers());
            if (options.selected(CLUSTER_BUDGET) || options.selected(BUDGET_ALONE)) {
                scenario(report, CLUSTER_BUDGET, "association-enricher", () -> simulator(50, 150, CLUSTER_LIMIT),
                        hub -> cluster.shared(hub, 3, distinctContacts(size(30_000)), CONTACTS_TO_COMPANIES, clusterBudget(),
                                Duration.ofMinutes(10)));
                // Not scaled: the backlog must outlast the measuring window (20,000 ids are 400 calls, 40 s at the limit).
                scenario(report, BUDGET_ALONE, "association-enricher", () -> simulator(50, 150, CLUSTER_LIMIT),
                        hub -> cluster.alone(hub, distinctContacts(20_000), CONTACTS_TO_COMPANIES, clusterBudget(),
                                Duration.ofSeconds(3), Duration.ofSeconds(20)));
            }
            // A pre-existing universe backfilled under live traffic, then reconciled with nothing changed (reconcile
            // needs the backfilled table, so selecting it runs both).
            if (options.selected(BackfillScenario.BACKFILL) || options.selected(BackfillScenario.RECONCILE)) {
                new BackfillScenario(kafka.bootstrapServers(), options.scale(), out)
                        .run(report, options.selected(BackfillScenario.RECONCILE));
            }
        } finally {
            deleteRecursively(brokerDir);
        }
        report.write(out);
        return report;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A floor (FloorTopology) on cpu_bound's input, with the enricher's Streams defaults. */
    private void floor(BenchReport report, String scenario, FloorTopology floor, KafkaBrokerProcess kafka, int backlog)
            throws Exception {
        scenario(report, scenario, floor.name(), options.warmupRuns(), () -> simulator(0, 0, 0),
                hub -> new ReferenceContender(kafka.bootstrapServers(), floor).run(workload(backlog, 1.0, 3),
                        FloorTopology.enricherDefaults(EnricherContender.streamsSettings(unlimited())), Duration.ofMinutes(5)));
    }

    private interface Scenario {
        Measurement run(HubSpotSimulator hubspot) throws Exception;
    }

    private void scenario(BenchReport report, String scenario, String contender, Supplier<HubSpotSimulator> simulator,
                          Scenario body) throws Exception {
        scenario(report, scenario, contender, 0, simulator, body);
    }

    /** @param warmups runs before the measured ones, reported as scenario {@code <scenario>_warmup} */
    private void scenario(BenchReport report, String scenario, String contender, int warmups, Supplier<HubSpotSimulator> simulator,
                          Scenario body) throws Exception {
        boolean withCluster = scenario.equals(BUDGET_ALONE) && options.selected(CLUSTER_BUDGET);
        if (!options.selected(scenario) && !withCluster) {
            return;
        }
        if (warmups > 0) {
            report.add(scenario + "_warmup", contender, runs(scenario + "_warmup", contender, warmups, simulator, body));
        }
        report.add(scenario, contender, runs(scenario, contender, options.repetitions(), simulator, body));
    }

    private List<Measurement> runs(String scenario, String contender, int count, Supplier<HubSpotSimulator> simulator,
                                   Scenario body) throws Exception {
        List<Measurement> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (HubSpotSimulator hubspot = simulator.get()) {
                Duration brokerCpu = broker.cpuTime();
                Measurement m = body.run(hubspot).withBrokerCpuSeconds(broker.cpuTime().minus(brokerCpu).toMillis() / 1000.0);
                runs.add(m);
                out.printf("%-14s %-22s run %d: %.0f ids/s, %d lookups of %d events, %d calls (min %d), %d throttled, %.1f s%n",
                        scenario, contender, i + 1, m.idsPerSecond(), m.lookups(), m.events(), m.apiCalls(), m.minApiCalls(),
                        m.throttled(), m.seconds());
                out.flush();
            }
        }
        return runs;
    }

    private int size(int full) {
        return Math.max(200, (int) (full * options.scale()));
    }

    private static HubSpotSimulator simulator(int minLatency, int maxLatency, int tenSecondlyLimit) {
        return HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL).latencyMs(minLatency, maxLatency)
                .tenSecondlyLimit(tenSecondlyLimit).retryAfter(true).threads(16).build());
    }

    private Map<String, String> rateLimited() {
        Map<String, String> settings = new LinkedHashMap<>(unlimited());
        settings.put("hubspot.rate-limit.requests", String.valueOf(PLAN_LIMIT));
        settings.put("hubspot.rate-limit.period", "10s");
        return settings;
    }

    /** The simulator's whole limit for each instance, small calls so a backlog takes many periods. */
    private Map<String, String> clusterBudget() {
        Map<String, String> settings = new LinkedHashMap<>(unlimited());
        settings.put("hubspot.rate-limit.requests", String.valueOf(CLUSTER_LIMIT));
        settings.put("hubspot.rate-limit.scope", "cluster");
        settings.put("batch.max-ids", "50");
        return settings;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    /** The defaults of every enricher run, then --set settings over them. */
    private Map<String, String> unlimited() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hubspot.portals." + PORTAL + ".token", TOKEN);
        settings.put("hubspot.rate-limit.requests", "1000000");
        settings.put("hubspot.rate-limit.period", "10s");
        settings.put("batch.max-ids", "1000");
        settings.put("batch.max-wait", "1s");
        settings.putAll(options.settings());
        return settings;
    }

    /** One change of each of {@code count} distinct contacts. */
    static List<CrmObjectChangeEvent> distinctContacts(int count) {
        long first = System.currentTimeMillis() - 600_000;
        List<CrmObjectChangeEvent> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(CrmObjectChangeEvent.newBuilder().setEventId("held-" + i).setPortalId(PORTAL)
                    .setObjectType("contacts").setObjectId(Integer.toString(i)).setChangeType(ChangeType.UPDATED)
                    .setOccurredAt(java.time.Instant.ofEpochMilli(first + i)).build());
        }
        return events;
    }

    /** Zipf-skewed changes of contacts, companies and deals in one portal: hot objects change often. */
    static List<CrmObjectChangeEvent> workload(int events, double zipf, long seed) {
        return ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(seed, events, List.of(PORTAL),
                List.of("contacts", "companies", "deals"), Math.max(100, events / 2), zipf, PAIRS, System.currentTimeMillis() - 600_000));
    }
}
