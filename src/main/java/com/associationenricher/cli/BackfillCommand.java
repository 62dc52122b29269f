package com.associationenricher.cli;

import com.associationenricher.backfill.BackfillRun;
import com.associationenricher.backfill.ProgressLines;
import com.associationenricher.backfill.RunContext;
import com.associationenricher.backfill.SweepReport;
import picocli.CommandLine.Command;

/**
 * {@code backfill}: the first load of a new deployment. Lists every object of the configured types in every portal
 * and writes one change event per object, so the enricher fills the table with objects that never change. Progress on
 * stderr, the summary on stdout; exit 0 when every type was listed completely, 1 otherwise (run again to resume).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "List every existing object and write a BACKFILL change event for each (resumable).")
public final class BackfillCommand extends SweepCommand {

    @Override
    SweepReport run(RunContext context, ProgressLines progress) {
        return BackfillRun.run(context, new BackfillRun.Options(options.objectTypes, options.restart), progress);
    }
}
