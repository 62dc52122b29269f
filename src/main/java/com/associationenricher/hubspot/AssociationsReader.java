package com.associationenricher.hubspot;

import java.util.concurrent.CompletableFuture;

/**
 * Reads associations from HubSpot, asynchronously. The returned stage completes (normally) with exactly one
 * {@link IdOutcome} per requested id; callers treat an exceptional completion as a transient failure of every id.
 * Implementations never block the calling thread.
 */
public interface AssociationsReader extends AutoCloseable {

    CompletableFuture<BatchReadResult> read(BatchReadRequest request);

    /** False while HubSpot cannot be called at all (every circuit open): the instance then reports not ready. */
    default boolean available() {
        return true;
    }

    @Override
    default void close() {
    }
}
