package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.ops.EnricherMetrics;
import io.micrometer.core.instrument.Meter;

/**
 * The one HubSpot token every reliability scenario runs with, distinctive enough to search for: it must never
 * appear in association events, dead letters, meters, logs or state.
 */
final class Canary {
    static final String TOKEN = "pat-na1-SECRET-CANARY-7f3a";

    private Canary() {
    }

    /** Every meter's name and tags. */
    static void assertNotIn(EnricherMetrics metrics) {
        for (Meter meter : metrics.registry().getMeters()) {
            assertThat(meter.getId().toString()).as("meter").doesNotContain(TOKEN);
        }
    }

    static void assertNotIn(String what, Object value) {
        assertThat(String.valueOf(value)).as(what).doesNotContain(TOKEN);
    }
}
