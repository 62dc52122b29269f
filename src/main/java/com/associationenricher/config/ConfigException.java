package com.associationenricher.config;

import java.util.List;

/**
 * Start-up refused because of the configuration. The message is one line listing every problem found, each naming
 * the key, its environment variable and the expected form; values of secret keys are never part of it.
 */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
