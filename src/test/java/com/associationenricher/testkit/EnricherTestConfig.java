package com.associationenricher.testkit;

import com.associationenricher.config.EnricherConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration every enricher integration test starts from: the test broker, its own application id and state
 * directory, a short commit interval, the registry, the three topics and the HubSpot base URL; each test adds the keys
 * its case is about with {@link #with}. A key set twice is a mistake in the test, so it fails instead of overriding.
 */
public final class EnricherTestConfig {
    private final Map<String, String> entries = new LinkedHashMap<>();

    private EnricherTestConfig() {
    }

    /** The test broker with this application id and state directory, committing every 200 ms. */
    public static EnricherTestConfig onTestBroker(String applicationId, Path stateDir) {
        return new EnricherTestConfig()
                .with("kafka.bootstrap.servers", KafkaBroker.bootstrapServers())
                .with("kafka.application.id", applicationId)
                .with("kafka.state.dir", stateDir.toString())
                .with("kafka.commit.interval.ms", "200");
    }

    public EnricherTestConfig registry(String url) {
        return with("schema-registry.url", url);
    }

    public EnricherTestConfig topics(String input, String output, String deadLetter) {
        return with("topics.input", input).with("topics.output", output).with("topics.dead-letter", deadLetter);
    }

    public EnricherTestConfig hubspot(String baseUrl) {
        return with("hubspot.base-url", baseUrl);
    }

    public EnricherTestConfig with(String key, String value) {
        if (entries.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("test config sets " + key + " twice");
        }
        return this;
    }

    public EnricherConfig build() {
        return EnricherConfig.fromMap(Map.copyOf(entries));
    }
}
