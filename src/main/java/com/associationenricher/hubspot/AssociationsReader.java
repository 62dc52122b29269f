package com.associationenricher.hubspot;

import java.util.concurrent.CompletableFuture;

/**
 * Reads associations from HubSpot, asynchronously. The returned stage completes (normally) with exactly one
 * {@link IdOutcome} per requested id; callers treat an exceptional completion as a transient failure of every id.
 * Implementations never block the calling thread.
 */
public interface AssociationsReader extends AutoCloseable {

    CompletableFuture<BatchReadResult> read(BatchReadRequest request);

    /**
     * Completes when a call to the portal may start: its pacer's permit, held for the caller's next
     * {@link #readWithPermit}. Lets a caller choose the ids of a call only once the call can go. Readers without pacing
     * grant at once; an exceptional completion means no permit soon (the caller then uses {@link #read}).
     */
    default CompletableFuture<Void> permit(long portalId) {
        return CompletableFuture.completedFuture(null);
    }

    /** Like {@link #read}, but its first attempt uses the permit the caller got from {@link #permit}. */
    default CompletableFuture<BatchReadResult> readWithPermit(BatchReadRequest request) {
        return read(request);
    }

    /**
     * This instance's share (0..1) of each portal's {@code hubspot.rate-limit.requests}, when the budget is the whole
     * application's; readers without pacing ignore it.
     */
    default void shareBudget(double share) {
    }

    /** False while HubSpot cannot be called at all (every circuit open): the instance then reports not ready. */
    default boolean available() {
        return true;
    }

    @Override
    default void close() {
    }
}
