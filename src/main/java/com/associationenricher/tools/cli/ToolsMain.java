package com.associationenricher.tools.cli;

import com.associationenricher.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of the tools jar: the service's commands plus {@code demo}, {@code simulate-hubspot} and {@code bench}.
 * The service jar never contains this package, so its {@link Main} cannot reach these commands.
 */
public final class ToolsMain {

    private ToolsMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return Main.commandLine()
                .addSubcommand(new DemoCommand())
                .addSubcommand(new SimulateHubSpotCommand())
                .addSubcommand(new BenchCommand());
    }
}
