package com.associationenricher.hubspot;

import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;

/**
 * For client tests against the HubSpot simulator: each test starts {@link #simulator} with the settings its case needs;
 * the meter registry and shared call limits are fresh per test, and both are closed after it.
 */
abstract class AgainstSimulator {
    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SharedCallLimits shared = ResilienceFixtures.shared(registry);
    HubSpotSimulator simulator;

    @AfterEach
    void closeSharedLimitsAndSimulator() {
        shared.close();
        simulator.close();
    }
}
