package com.associationenricher.reliability;

import com.associationenricher.tools.simulator.HubSpotSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration every in-JVM reliability scenario starts from: its topics, the simulator, the canary token. */
final class ScenarioSettings {
    static final String PAIRS = "contacts:companies,deals:contacts";

    private ScenarioSettings() {
    }

    /** A mutable map, so a scenario can add what is its own. */
    static Map<String, String> of(String bootstrap, String applicationId, Path stateDir, String registryScope,
                                  String input, String output, String deadLetters, int partitions,
                                  HubSpotSimulator hubspot, long portal) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("kafka.application.id", applicationId);
        settings.put("kafka.state.dir", stateDir.toString());
        settings.put("schema-registry.url", "mock://" + registryScope);
        settings.put("topics.input", input);
        settings.put("topics.output", output);
        settings.put("topics.dead-letter", deadLetters);
        settings.put("topics.partitions", Integer.toString(partitions));
        settings.put("associations.pairs", PAIRS);
        settings.put("hubspot.base-url", hubspot.baseUrl());
        settings.put("hubspot.portals." + portal + ".token", Canary.TOKEN);
        return settings;
    }

    /** Small batches, short waits and frequent commits, an unthrottled pacer: scenarios that must move quickly. */
    static Map<String, String> quick(Map<String, String> settings) {
        settings.put("kafka.commit.interval.ms", "200");
        settings.put("hubspot.rate-limit.requests", "1000");
        settings.put("batch.max-ids", "50");
        settings.put("batch.max-wait", "200ms");
        return settings;
    }
}
