package com.associationenricher.cli;

import com.associationenricher.backfill.ProgressLines;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepReport;
import com.associationenricher.dlq.ToolClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What backfill and reconcile do around their run: open the run context from the configuration, report progress on
 * stderr, print the summary on stdout and turn it into the exit code.
 */
final class SweepCommandRunner {

    /** One sweep run (backfill or reconcile) over an open context. */
    @FunctionalInterface
    interface Sweep {
        SweepReport run(RunContext context, ProgressLines progress);
    }

    private SweepCommandRunner() {
    }

    static int execute(CommandSpec spec, ConfigOption configOption, SweepOptions options, Sweep sweep) {
        ToolClients.quietConnectionWarnings();
        try (RunContext context = RunContext.open(configOption.load(), new SimpleMeterRegistry())) {
            ProgressLines progress = new ProgressLines(spec.commandLine().getErr(), context::listCalls,
                    Duration.ofSeconds(Math.max(1, options.progressEvery)));
            SweepReport report = sweep.run(context, progress);
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.exitCode();
        }
    }
}
