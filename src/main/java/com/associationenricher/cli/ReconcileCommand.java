package com.associationenricher.cli;

import com.associationenricher.backfill.ProgressLines;
import com.associationenricher.backfill.ReconcileRun;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reconcile}: the nightly repair. Refreshes every object the table holds, tombstones those HubSpot's recycle
 * bin says are deleted, and with {@code --also-backfill} adds the objects the table lacks. Same output and exit codes
 * as {@code backfill}.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Refresh every object the association table holds and tombstone deleted ones (resumable).")
public final class ReconcileCommand extends SweepCommand {

    @Option(names = "--also-backfill", description = "Also list live objects and refresh those the table does not hold yet.")
    boolean alsoBackfill;

    @Override
    SweepReport run(RunContext context, ProgressLines progress) {
        return ReconcileRun.run(context, new ReconcileRun.Options(options.objectTypes, alsoBackfill, options.restart), progress);
    }
}
