package com.associationenricher.hubspot;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;

/**
 * For client tests against a scripted HubSpot server on 127.0.0.1: the server, a meter registry and the call limits
 * the client's portals share, each fresh per test and closed after it.
 */
abstract class AgainstScriptedServer {
    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SharedCallLimits shared = ResilienceFixtures.shared(registry);

    @AfterEach
    void closeSharedLimitsAndServer() {
        shared.close();
        server.close();
    }
}
