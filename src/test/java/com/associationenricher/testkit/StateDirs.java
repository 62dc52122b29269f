package com.associationenricher.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A fresh Kafka Streams state directory per TopologyTestDriver, so test runs that share /tmp (two builds at once, or
 * a test class run twice in parallel) never open one another's RocksDB stores.
 */
public final class StateDirs {
    private StateDirs() {
    }

    public static String fresh() {
        try {
            return Files.createTempDirectory("streams-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
