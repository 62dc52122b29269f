package com.associationenricher.cli;

import com.associationenricher.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of a command into one clear line on stderr and a non-zero exit, instead of a stack trace: 2 for a
 * configuration error, 1 for anything else. Run with {@code ENRICHER_DEBUG=true} to see the stack trace too.
 */
final class CommandErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String name = commandLine.getCommandName();
        if (e instanceof ConfigException) {
            commandLine.getErr().println(name + ": " + e.getMessage());
            return 2;
        }
        commandLine.getErr().println(name + ": " + describe(e));
        if ("true".equalsIgnoreCase(System.getenv("ENRICHER_DEBUG"))) {
            e.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }
}
