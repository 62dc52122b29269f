package com.associationenricher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the service jar: every operation of association-enricher is a subcommand (tools add theirs). */
@Command(
        name = "association-enricher",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps a Kafka topic of HubSpot CRM associations current from CRM object-change events.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, DlqCommand.class, TailCommand.class,
                IngestWebhooksCommand.class, BackfillCommand.class, ReconcileCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new CommandErrors());
    }
}
