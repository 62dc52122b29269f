package com.associationenricher.tools.simulator;

import java.util.Random;

/**
 * Draws, per admitted request, whether it is to fail and how. A 5xx fault opens a burst: the next
 * {@code serverErrorBurst - 1} requests fail too, as real outages come in runs, not one request at a time.
 */
final class FaultInjector {

    private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

    private final Random random;
    private int burstLeft;

    FaultInjector(Random random) {
        this.random = random;
    }

    /** The fault for this request, or null; {@code serverErrorStatus} is set for SERVER_ERROR. */
    synchronized Drawn draw(FaultSettings faults) {
        if (burstLeft > 0) {
            burstLeft--;
            return new Drawn(FaultKind.SERVER_ERROR, SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)]);
        }
        if (!faults.any()) {
            return null;
        }
        double roll = random.nextDouble();
        if ((roll -= faults.serverErrorRate()) < 0) {
            burstLeft = faults.serverErrorBurst() - 1;
            return new Drawn(FaultKind.SERVER_ERROR, SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)]);
        }
        if ((roll -= faults.connectionResetRate()) < 0) {
            return new Drawn(FaultKind.CONNECTION_RESET, 0);
        }
        if ((roll -= faults.slowResponseRate()) < 0) {
            return new Drawn(FaultKind.SLOW_RESPONSE, 0);
        }
        if (roll - faults.malformedBodyRate() < 0) {
            return new Drawn(FaultKind.MALFORMED_BODY, 0);
        }
        return null;
    }

    synchronized void endBurst() {
        burstLeft = 0;
    }

    record Drawn(FaultKind kind, int serverErrorStatus) {
    }
}
