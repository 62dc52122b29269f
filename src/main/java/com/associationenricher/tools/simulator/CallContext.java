package com.associationenricher.tools.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.Random;

/** What an endpoint needs to answer one admitted call. */
record CallContext(long portalId, SimulatorSettings settings, Instant requestedAt, Clock clock, Random random,
                   SimulatorStats stats, String correlationId, ObjectUniverse universe) {
}
