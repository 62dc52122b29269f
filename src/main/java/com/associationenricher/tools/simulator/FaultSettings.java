package com.associationenricher.tools.simulator;

/**
 * How often the simulator misbehaves on purpose. Each rate is the probability, per admitted request, that the fault
 * starts; a 5xx fault starts a burst of {@code serverErrorBurst} consecutive 5xx answers (500, 502, 503 or 504).
 * Faults come after authentication and rate limiting, so a faulty answer still used up rate-limit budget.
 */
public record FaultSettings(
        double serverErrorRate,
        int serverErrorBurst,
        double connectionResetRate,
        double slowResponseRate,
        int slowResponseMs,
        double malformedBodyRate) {

    public static final FaultSettings NONE = new FaultSettings(0, 1, 0, 0, 0, 0);

    public FaultSettings {
        requireRate(serverErrorRate, "serverErrorRate");
        requireRate(connectionResetRate, "connectionResetRate");
        requireRate(slowResponseRate, "slowResponseRate");
        requireRate(malformedBodyRate, "malformedBodyRate");
        if (serverErrorBurst < 1 || slowResponseMs < 0) {
            throw new IllegalArgumentException("serverErrorBurst must be >= 1 and slowResponseMs >= 0, got "
                    + serverErrorBurst + " and " + slowResponseMs);
        }
        if (serverErrorRate + connectionResetRate + slowResponseRate + malformedBodyRate > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault rates add up to more than 1.0");
        }
    }

    /**
     * One overall fault rate, shared by the kinds: half of it 5xx answers (bursts of 3), the rest split evenly
     * among connection resets, 2-second responses and truncated bodies.
     */
    public static FaultSettings mixed(double rate) {
        requireRate(rate, "fault rate");
        return new FaultSettings(rate / 2, 3, rate / 6, rate / 6, 2_000, rate / 6);
    }

    public static FaultSettings serverErrors(double rate, int burst) {
        return new FaultSettings(rate, burst, 0, 0, 0, 0);
    }

    public static FaultSettings connectionResets(double rate) {
        return new FaultSettings(0, 1, rate, 0, 0, 0);
    }

    public static FaultSettings slowResponses(double rate, int delayMs) {
        return new FaultSettings(0, 1, 0, rate, delayMs, 0);
    }

    public static FaultSettings malformedBodies(double rate) {
        return new FaultSettings(0, 1, 0, 0, 0, rate);
    }

    public boolean any() {
        return serverErrorRate > 0 || connectionResetRate > 0 || slowResponseRate > 0 || malformedBodyRate > 0;
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0, got " + rate);
        }
    }
}
