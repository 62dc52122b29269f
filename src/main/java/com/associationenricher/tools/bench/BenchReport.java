package com.associationenricher.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the runs of every scenario and contender, and writes results.json and results.md (medians, min, max). */
public final class BenchReport {
    private final BenchRun.Options options;
    private final Map<String, Map<String, List<Measurement>>> runs = new LinkedHashMap<>();

    BenchReport(BenchRun.Options options) {
        this.options = options;
    }

    /** Figures of a scenario that are not a contender's Measurement (backfill, reconcile): reported as they are. */
    private final Map<String, Map<String, Object>> figures = new LinkedHashMap<>();

    void addFigures(String scenario, Map<String, Object> values) {
        figures.put(scenario, values);
    }

    void add(String scenario, String contender, List<Measurement> measurements) {
        runs.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).put(contender, measurements);
    }

    public Map<String, Object> results() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "memory_mb", totalMemoryMb(), "java", System.getProperty("java.version"), "scale", options.scale(),
                "repetitions", options.repetitions()));
        Map<String, Object> scenarios = new LinkedHashMap<>();
        runs.forEach((scenario, contenders) -> {
            Map<String, Object> byContender = new LinkedHashMap<>();
            contenders.forEach((contender, list) -> {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("ids_per_s", stats(list, Measurement::idsPerSecond));
                figures.put("events_per_s", stats(list, Measurement::eventsPerSecond));
                figures.put("api_calls", stats(list, m -> m.apiCalls()));
                figures.put("min_api_calls", stats(list, m -> m.minApiCalls()));
                figures.put("throttled_responses", stats(list, m -> m.throttled()));
                figures.put("p50_ms", stats(list, m -> m.percentileMs(0.50)));
                figures.put("p99_ms", stats(list, m -> m.percentileMs(0.99)));
                figures.put("peak_rss_mb", stats(list, m -> m.peakRssMb()));
                figures.put("peak_pending_ids", stats(list, m -> m.peakPendingIds()));
                figures.put("broker_cpu_s", stats(list, Measurement::brokerCpuSeconds));
                figures.put("lookups", stats(list, m -> m.lookups()));
                figures.put("events", stats(list, m -> m.events()));
                figures.put("changelog_bytes_per_event", stats(list, m -> perEvent(m, m.traffic().changelogBytes())));
                figures.put("changelog_records_per_event", stats(list, m -> perEvent(m, m.traffic().changelogOffsets())));
                figures.put("repartition_bytes_per_event", stats(list, m -> perEvent(m, m.traffic().repartitionBytes())));
                figures.put("app_cpu_us_per_event", stats(list, Measurement::appCpuMicrosPerEvent));
                figures.put("steady_events_per_s", stats(list, m -> m.timeline().steadyEventsPerSecond()));
                figures.put("tail_s", stats(list, m -> m.timeline().tailSeconds()));
                byContender.put(contender, figures);
            });
            scenarios.put(scenario, byContender);
        });
        results.put("scenarios", scenarios);
        results.putAll(figures);
        Measurement rate = median("rate_bound", "association-enricher");
        Measurement naive = median("rate_bound", "naive-kafka-streams");
        Measurement delay = median("delay", "association-enricher");
        Measurement cpu = median("cpu_bound", "association-enricher");
        double ceiling = BenchRun.PLAN_LIMIT * 1000 / 10.0;
        results.put("ceiling_ids_per_s", ceiling);
        results.put("ceiling_ratio", rate == null ? null : round(rate.idsPerSecond() / ceiling));
        results.put("calls_over_minimum", rate == null || rate.minApiCalls() == 0 ? null : round((double) rate.apiCalls() / rate.minApiCalls()));
        results.put("dedup_ratio", rate == null ? null : round((double) rate.lookups() / rate.events()));
        results.put("throttled_responses", rate == null ? null : rate.throttled());
        results.put("p99_overhead_ms", delay == null ? null : delay.percentileMs(0.99) - (1000 + 300));
        results.put("speedup_vs_naive", rate == null || naive == null || naive.idsPerSecond() == 0 ? null
                : round(rate.idsPerSecond() / naive.idsPerSecond()));
        Measurement parallel = median("rate_bound", "parallel-consumer");
        results.put("speedup_vs_parallel_consumer", rate == null || parallel == null || parallel.idsPerSecond() == 0 ? null
                : round(rate.idsPerSecond() / parallel.idsPerSecond()));
        Measurement small = median("rate_bound_100_ids", "association-enricher");
        results.put("ceiling_ratio_at_100_ids_per_call", small == null ? null : round(small.idsPerSecond() / (ceiling / 10)));
        results.put("throttled_responses_at_100_ids_per_call", small == null ? null : small.throttled());
        results.put("cpu_events_per_s", cpu == null ? null : Math.round(cpu.eventsPerSecond()));
        Measurement cold = median("cpu_bound_warmup", "association-enricher");
        results.put("cpu_events_per_s_warmup", cold == null ? null : Math.round(cold.eventsPerSecond()));
        Measurement passthrough = median("cpu_bound", StatelessPassthrough.NAME);
        results.put("passthrough_events_per_s", passthrough == null ? null : Math.round(passthrough.eventsPerSecond()));
        results.put("changelog_bytes_per_event", cpu == null ? null : round(perEvent(cpu, cpu.traffic().changelogBytes())));
        results.put("changelog_records_per_event", cpu == null ? null : round(perEvent(cpu, cpu.traffic().changelogOffsets())));
        results.put("cpu_ratio_to_passthrough", cpu == null || passthrough == null || passthrough.eventsPerSecond() == 0 ? null
                : round(cpu.eventsPerSecond() / passthrough.eventsPerSecond()));
        // The same comparison in CPU of the applications' own threads (medians of each run's figure), less noisy than
        // throughput: passthrough's microseconds per event over the enricher's.
        Double cpuCost = medianOf("cpu_bound", "association-enricher", Measurement::appCpuMicrosPerEvent);
        Double passthroughCost = medianOf("cpu_bound", StatelessPassthrough.NAME, Measurement::appCpuMicrosPerEvent);
        results.put("cpu_us_per_event", cpuCost == null ? null : round(cpuCost));
        results.put("passthrough_cpu_us_per_event", passthroughCost == null ? null : round(passthroughCost));
        results.put("cpu_cost_ratio_to_passthrough", cpuCost == null || passthroughCost == null || cpuCost == 0 ? null
                : round(passthroughCost / cpuCost));
        // The floor (FloorTopology): what the Kafka Streams work the guarantees need costs here, against the passthrough;
        // the enricher over the floor is the part of the gap that is the enricher's own.
        Measurement floor = median("cpu_bound", FloorTopology.NAME);
        Double floorCost = medianOf("cpu_bound", FloorTopology.NAME, Measurement::appCpuMicrosPerEvent);
        results.put("floor_events_per_s", floor == null ? null : Math.round(floor.eventsPerSecond()));
        results.put("floor_ratio_to_passthrough", floor == null || passthrough == null || passthrough.eventsPerSecond() == 0 ? null
                : round(floor.eventsPerSecond() / passthrough.eventsPerSecond()));
        results.put("cpu_ratio_to_floor", cpu == null || floor == null || floor.eventsPerSecond() == 0 ? null
                : round(cpu.eventsPerSecond() / floor.eventsPerSecond()));
        results.put("floor_cpu_us_per_event", floorCost == null ? null : round(floorCost));
        results.put("cpu_cost_ratio_to_floor", cpuCost == null || floorCost == null || cpuCost == 0 ? null : round(floorCost / cpuCost));
        Measurement keyedFloor = median("cpu_bound", FloorTopology.KEYED_NAME);
        results.put("floor_keyed_events_per_s", keyedFloor == null ? null : Math.round(keyedFloor.eventsPerSecond()));
        results.put("floor_keyed_ratio_to_passthrough", keyedFloor == null || passthrough == null || passthrough.eventsPerSecond() == 0 ? null
                : round(keyedFloor.eventsPerSecond() / passthrough.eventsPerSecond()));
        Double keyedFloorCost = medianOf("cpu_bound", FloorTopology.KEYED_NAME, Measurement::appCpuMicrosPerEvent);
        results.put("floor_keyed_cpu_us_per_event", keyedFloorCost == null ? null : round(keyedFloorCost));
        results.put("floor_changelog_records_per_event", floor == null ? null : round(perEvent(floor, floor.traffic().changelogOffsets())));
        // The store layout's share of the floor (scenario floor_layouts): the enricher's three stores, two, one per key.
        for (FloorTopology.Layout layout : FloorTopology.Layout.values()) {
            String contender = FloorTopology.nameOf(layout, true);
            String figure = "layout_" + layout.name().toLowerCase(java.util.Locale.ROOT);
            Measurement m = median(BenchRun.FLOOR_LAYOUTS, contender);
            Double cost = medianOf(BenchRun.FLOOR_LAYOUTS, contender, Measurement::appCpuMicrosPerEvent);
            results.put(figure + "_events_per_s", m == null ? null : Math.round(m.eventsPerSecond()));
            results.put(figure + "_cpu_us_per_event", cost == null ? null : round(cost));
            results.put(figure + "_changelog_records_per_event", m == null ? null : round(perEvent(m, m.traffic().changelogOffsets())));
        }
        // The backlog run without its two fixed costs (RunTimeline): the rate while the middle 80 % of the lookups were
        // answered, and the seconds from the last change taken to the end (the last batches' batch.max-wait).
        Double steady = medianOf("cpu_bound", "association-enricher", m -> m.timeline().steadyEventsPerSecond());
        Double tail = medianOf("cpu_bound", "association-enricher", m -> m.timeline().tailSeconds());
        results.put("cpu_steady_events_per_s", steady == null ? null : Math.round(steady));
        results.put("cpu_tail_s", tail == null ? null : round(tail));
        Measurement cluster = median(BenchRun.CLUSTER_BUDGET, "association-enricher");
        results.put("throttled_3_instances", cluster == null ? null : cluster.throttled());
        Measurement alone = median(BenchRun.BUDGET_ALONE, "association-enricher");
        double limitPerSecond = BenchRun.CLUSTER_LIMIT / 10.0;
        results.put("budget_use_1_of_3", alone == null || alone.seconds() <= 0 ? null
                : round(alone.apiCalls() / alone.seconds() / limitPerSecond));
        Measurement held = median("pending_ids", "association-enricher");
        results.put("pending_ids_held", held == null ? null : held.peakPendingIds());
        results.put("rss_mb_with_pending_ids", held == null ? null : held.peakRssMb());
        return results;
    }

    void write(PrintWriter out) throws IOException {
        Files.createDirectories(options.outputDir());
        Map<String, Object> results = results();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.outputDir().resolve("results.json").toFile(), results);
        String markdown = markdown(results);
        Files.writeString(options.outputDir().resolve("results.md"), markdown);
        out.println();
        out.println(markdown);
        out.println("Written: " + options.outputDir().resolve("results.json") + " and results.md");
        out.flush();
    }

    private String markdown(Map<String, Object> results) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(results.get("machine")).append("\n\n");
        md.append("| scenario | contender | ids/s | events/s | API calls | min calls | 429s | p50 ms | p99 ms | peak RSS MB | broker CPU s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        runs.forEach((scenario, contenders) -> contenders.forEach((contender, list) -> {
            Measurement m = median(scenario, contender);
            md.append(String.format("| %s | %s | %.0f | %.0f | %d | %s | %d | %s | %s | %d | %.1f |%n", scenario, contender,
                    m.idsPerSecond(), m.eventsPerSecond(), m.apiCalls(), orDash(m.minApiCalls()), m.throttled(),
                    orDash(m.percentileMs(0.5)), orDash(m.percentileMs(0.99)), m.peakRssMb(), m.brokerCpuSeconds()));
        }));
        md.append("\n| figure | value | target |\n|---|---|---|\n");
        md.append(row(results, "ceiling_ratio", ">= 0.95"));
        md.append(row(results, "calls_over_minimum", "<= 1.02"));
        md.append(row(results, "throttled_responses", "= 0"));
        md.append(row(results, "ceiling_ratio_at_100_ids_per_call", "(ceiling 1,900 ids/s)"));
        md.append(row(results, "throttled_responses_at_100_ids_per_call", "= 0"));
        md.append(row(results, "p99_overhead_ms", "<= 100"));
        md.append(row(results, "speedup_vs_naive", ">= 50"));
        md.append(row(results, "speedup_vs_parallel_consumer", ">= 10"));
        md.append(row(results, "dedup_ratio", "(lookups / events)"));
        md.append(row(results, "cpu_events_per_s", ">= 27,510 (2.5 x 11,004)"));
        md.append(row(results, "cpu_steady_events_per_s", "(cpu_bound: the rate while the middle 80 % of the lookups were answered, without the ramp and the tail)"));
        md.append(row(results, "cpu_tail_s", "(cpu_bound: seconds from the last change taken to the end, mostly the last batches' batch.max-wait)"));
        md.append(row(results, "cpu_events_per_s_warmup", "(the warm-up runs before it, JIT still compiling; not in the median)"));
        md.append(row(results, "passthrough_events_per_s", "(Kafka Streams, one stateless map, same input and guarantee)"));
        md.append(row(results, "cpu_ratio_to_passthrough", ">= 0.5"));
        md.append(row(results, "floor_events_per_s", "(streams-floor: the Kafka Streams work the guarantees need, nothing else)"));
        md.append(row(results, "floor_ratio_to_passthrough", "(the floor over the passthrough: what the floor's design reaches here, with a repartition; the floor runs the enricher's Streams defaults, the passthrough Kafka's)"));
        md.append(row(results, "cpu_ratio_to_floor", "(the enricher's throughput over the floor's; the floor never waits for HubSpot, so part of what remains is waiting any design pays)"));
        md.append(row(results, "floor_cpu_us_per_event", "(the same as cpu_us_per_event for streams-floor)"));
        md.append(row(results, "cpu_cost_ratio_to_floor", "(the floor's CPU per event over the enricher's)"));
        md.append(row(results, "floor_keyed_events_per_s", "(streams-floor-keyed: the floor without the repartition, as input.keyed-by-object=true)"));
        md.append(row(results, "floor_keyed_ratio_to_passthrough", "(the same over the passthrough)"));
        md.append(row(results, "floor_keyed_cpu_us_per_event", "(the same as cpu_us_per_event for streams-floor-keyed)"));
        md.append(row(results, "floor_changelog_records_per_event", "(the same as changelog_records_per_event for streams-floor)"));
        md.append(row(results, "layout_minimal_cpu_us_per_event", "(floor_layouts: streams-floor again, run beside the three below)"));
        md.append(row(results, "layout_enricher_cpu_us_per_event", "(floor_layouts: the floor with the enricher's stores: pending-lookups, last-changes and last-emitted, read and written as the enricher does)"));
        md.append(row(results, "layout_order_in_emitted_cpu_us_per_event", "(floor_layouts: the enricher's layout with last-changes folded into last-emitted)"));
        md.append(row(results, "layout_single_store_cpu_us_per_event", "(floor_layouts: the floor with one store per key for all three)"));
        md.append(row(results, "layout_minimal_events_per_s", "(floor_layouts, as above)"));
        md.append(row(results, "layout_enricher_events_per_s", "(as above)"));
        md.append(row(results, "layout_order_in_emitted_events_per_s", "(as above)"));
        md.append(row(results, "layout_single_store_events_per_s", "(as above)"));
        md.append(row(results, "layout_minimal_changelog_records_per_event", "(as above)"));
        md.append(row(results, "layout_enricher_changelog_records_per_event", "(as above)"));
        md.append(row(results, "layout_order_in_emitted_changelog_records_per_event", "(as above)"));
        md.append(row(results, "layout_single_store_changelog_records_per_event", "(as above)"));
        md.append(row(results, "changelog_bytes_per_event", "(cpu_bound: bytes on the broker's disk, markers included)"));
        md.append(row(results, "cpu_us_per_event", "(cpu_bound: CPU of the enricher's Kafka Streams threads per event, median of the runs)"));
        md.append(row(results, "passthrough_cpu_us_per_event", "(the same for streams-passthrough)"));
        md.append(row(results, "cpu_cost_ratio_to_passthrough", "(passthrough's CPU per event over the enricher's: cpu_ratio_to_passthrough without the machine's noise)"));
        md.append(row(results, "changelog_records_per_event", "(cpu_bound: offsets, records and markers)"));
        md.append(row(results, "throttled_3_instances", "= 0 (3 instances, each configured with the whole 100 / 10 s)"));
        md.append(row(results, "budget_use_1_of_3", ">= 0.9 (one of them alone: its calls/s over the limit's)"));
        md.append(row(results, "pending_ids_held", "(HubSpot answering nothing)"));
        md.append(row(results, "rss_mb_with_pending_ids", "<= 768 (the enricher alone in its own JVM; heap in pending_ids_own_jvm)"));
        figures.forEach((scenario, values) -> {
            md.append("\n| ").append(scenario).append(" | |\n|---|---|\n");
            values.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        });
        return md.toString();
    }

    private static double perEvent(Measurement m, long total) {
        return m.events() == 0 ? 0 : (double) total / m.events();
    }

    /** Figures a contender does not measure (-1, or 0 minimum calls) show as a dash. */
    private static String orDash(long value) {
        return value <= 0 ? "-" : Long.toString(value);
    }

    private static String row(Map<String, Object> results, String key, String target) {
        return "| " + key + " | " + results.get(key) + " | " + target + " |\n";
    }

    /** The run with the median ids/s, so its figures belong together. */
    private Measurement median(String scenario, String contender) {
        List<Measurement> list = runs.getOrDefault(scenario, Map.of()).get(contender);
        if (list == null || list.isEmpty()) {
            return null;
        }
        List<Measurement> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> Double.compare(a.idsPerSecond(), b.idsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /** The median of one figure over a contender's runs (null when it has none, or did not measure it). */
    private Double medianOf(String scenario, String contender, ToDoubleFunction<Measurement> value) {
        List<Measurement> list = runs.getOrDefault(scenario, Map.of()).get(contender);
        if (list == null || list.isEmpty()) {
            return null;
        }
        double[] values = list.stream().mapToDouble(value).sorted().toArray();
        double median = values[values.length / 2];
        return median <= 0 ? null : median;
    }

    private static Map<String, Object> stats(List<Measurement> list, ToDoubleFunction<Measurement> value) {
        double[] values = list.stream().mapToDouble(value).sorted().toArray();
        return Map.of("median", round(values[values.length / 2]), "min", round(values[0]), "max", round(values[values.length - 1]));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static long totalMemoryMb() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / (1024 * 1024);
    }
}
