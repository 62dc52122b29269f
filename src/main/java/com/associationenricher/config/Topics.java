package com.associationenricher.config;

/**
 * The three topics of the service and how to create them when missing. {@code replicationFactor} -1 leaves the
 * choice to the broker's {@code default.replication.factor}.
 */
public record Topics(String input, String output, String deadLetter, boolean create, int partitions,
                     short replicationFactor) {
}
