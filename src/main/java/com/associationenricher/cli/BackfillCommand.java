package com.associationenricher.cli;

import com.associationenricher.backfill.BackfillRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code backfill}: the first load of a new deployment. Lists every object of the configured types in every portal
 * and writes one change event per object, so the enricher fills the table with objects that never change. Progress on
 * stderr, the summary on stdout; exit 0 when every type was listed completely, 1 otherwise (run again to resume).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "List every existing object and write a BACKFILL change event for each (resumable).")
public final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    SweepOptions options;

    @Override
    public Integer call() {
        return SweepCommandRunner.execute(spec, configOption, options, (context, progress) ->
                BackfillRun.run(context, new BackfillRun.Options(options.objectTypes, options.restart), progress));
    }
}
