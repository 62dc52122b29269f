package com.associationenricher.testkit;

import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.pipeline.EnricherSerdes;

/** The pipeline's serdes against a fresh in-memory registry scope, for tests that need no real registry. */
public final class TestSerdes {
    private TestSerdes() {
    }

    public static EnricherSerdes enricherSerdes(String scope) {
        return EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
    }
}
