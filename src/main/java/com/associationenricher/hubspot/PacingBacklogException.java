package com.associationenricher.hubspot;

import java.time.Duration;

/** A portal's calls are queued further ahead than the pacer may wait: its budget is oversubscribed for now. */
final class PacingBacklogException extends RuntimeException {

    private final Duration wait;

    PacingBacklogException(long portalId, Duration wait) {
        super("portal " + portalId + ": rate-limit permits are taken for the next " + wait.toMillis() + " ms");
        this.wait = wait;
    }

    Duration waitFor() {
        return wait;
    }
}
