package com.associationenricher.cli;

import com.associationenricher.backfill.ProgressLines;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepReport;
import com.associationenricher.dlq.ToolClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What backfill and reconcile share around their run: the {@code --config} and sweep options, opening the run context,
 * progress on stderr, the summary on stdout and its exit code. A subclass says which run it starts.
 */
abstract class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    SweepOptions options;

    /** Runs the sweep over an open context, reporting progress to {@code progress}. */
    abstract SweepReport run(RunContext context, ProgressLines progress);

    @Override
    public Integer call() {
        ToolClients.quietConnectionWarnings();
        try (RunContext context = RunContext.open(configOption.load(), new SimpleMeterRegistry())) {
            ProgressLines progress = new ProgressLines(spec.commandLine().getErr(), context::listCalls,
                    Duration.ofSeconds(Math.max(1, options.progressEvery)));
            SweepReport report = run(context, progress);
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.exitCode();
        }
    }
}
