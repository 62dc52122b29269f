package com.associationenricher.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options backfill and reconcile share. */
final class SweepOptions {

    @Option(names = "--object-types", split = ",", paramLabel = "TYPE",
            description = "Object types to list (comma-separated); default: the from types of associations.pairs.")
    List<String> objectTypes = new ArrayList<>();

    @Option(names = "--restart", description = "Forget the checkpoints of an unfinished earlier run and start from the first page.")
    boolean restart;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between progress lines per listing on stderr (default: ${DEFAULT-VALUE}).")
    int progressEvery;
}
