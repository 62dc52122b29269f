package com.associationenricher.cli;

import com.associationenricher.backfill.ReconcileRun;
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
        return SweepCommandRunner.execute(spec, configOption, options, (context, progress) ->
                ReconcileRun.run(context, new ReconcileRun.Options(options.objectTypes, alsoBackfill, options.restart), progress));
    }
}
