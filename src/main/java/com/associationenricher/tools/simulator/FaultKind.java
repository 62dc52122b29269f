package com.associationenricher.tools.simulator;

/** A misbehaviour injected on purpose, as counted in {@link SimulatorStats}. */
public enum FaultKind {
    SERVER_ERROR,
    CONNECTION_RESET,
    SLOW_RESPONSE,
    MALFORMED_BODY
}
