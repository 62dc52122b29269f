package com.associationenricher.cli;

import com.associationenricher.backfill.ProgressLines;
import com.associationenricher.backfill.ReconcileRun;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepReport;
import com.associationenricher.dlq.ToolClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reconcile}: the nightly repair. Refreshes every object the table holds, tombstones those HubSpot's recycle
 * bin says are deleted, and with {@code --also-backfill} adds the objects the table lacks. Same output and exit codes
 * as {@code backfill}.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Refresh every object the association table holds and tombstone deleted ones (resumable).")
public final class ReconcileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    SweepOptions options;

    @Option(names = "--also-backfill", description = "Also list live objects and refresh those the table does not hold yet.")
    boolean alsoBackfill;

    @Override
    public Integer call() {
        ToolClients.quietConnectionWarnings();
        PrintWriter err = spec.commandLine().getErr();
        try (RunContext context = RunContext.open(configOption.load(), new SimpleMeterRegistry())) {
            ProgressLines progress = new ProgressLines(err, context::listCalls, Duration.ofSeconds(Math.max(1, options.progressEvery)));
            SweepReport report = ReconcileRun.run(context,
                    new ReconcileRun.Options(options.objectTypes, alsoBackfill, options.restart), progress);
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.exitCode();
        }
    }
}
