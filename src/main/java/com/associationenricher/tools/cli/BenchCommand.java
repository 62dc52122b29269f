package com.associationenricher.tools.cli;

import com.associationenricher.tools.bench.BenchRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the enricher against HubSpot's rate ceiling and the tutorial pattern; writes target/bench/results.*. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark association-enricher against HubSpot's rate ceiling, a naive one-call-per-event Kafka Streams app and Confluent Parallel Consumer.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A smaller workload, one repetition: under 3 minutes.")
    boolean quick;

    @Option(names = "--scale", description = "Multiply every workload size (overrides --quick's 0.2; full run: 1).")
    Double scale;

    @Option(names = "--repetitions", description = "Runs per scenario, reported as median/min/max (default: 1 with --quick, else 3).")
    Integer repetitions;

    @Option(names = "--warmup-runs", description = "cpu_bound runs before the measured ones, reported apart as cpu_bound_warmup (default: 0 with --quick, else 1).")
    Integer warmupRuns;

    @Option(names = "--output", defaultValue = "target/bench", description = "Where results.json and results.md go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "Run only these scenarios (repeatable or comma-separated; default: all): ${COMPLETION-CANDIDATES}.",
            completionCandidates = Scenarios.class)
    java.util.List<String> scenarios = new java.util.ArrayList<>();

    /** The scenario names, for --help. */
    static final class Scenarios implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchRun.SCENARIOS.iterator();
        }
    }

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "An enricher setting for every enricher run (repeatable; kafka.* keys also reach the streams-passthrough reference), e.g. --set kafka.num.stream.threads=2.")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        for (String scenario : scenarios) {
            if (!BenchRun.SCENARIOS.contains(scenario)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--scenario " + scenario + " is not one of " + BenchRun.SCENARIOS);
            }
        }
        double effectiveScale = scale != null ? scale : quick ? 0.2 : 1.0;
        int reps = repetitions != null ? repetitions : quick ? 1 : 3;
        int warmups = warmupRuns != null ? warmupRuns : quick ? 0 : 1;
        if (warmups < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--warmup-runs must be 0 or more, not " + warmups);
        }
        new BenchRun(new BenchRun.Options(effectiveScale, reps, output, java.util.Set.copyOf(scenarios), settings, warmups),
                spec.commandLine().getOut()).run();
        return 0;
    }
}
