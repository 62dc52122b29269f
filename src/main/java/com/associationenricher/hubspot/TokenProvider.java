package com.associationenricher.hubspot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Supplies the bearer token of a HubSpot private app or OAuth installation. Implementations never reveal the token
 * in {@code toString()} or in exception messages.
 */
public interface TokenProvider {

    /** The token to send now; throws an unchecked exception (without the token) when none is available. */
    String token();

    /** HubSpot rejected the last token (401): forget any cached value so the next {@link #token()} fetches afresh. */
    default void invalidate() {
    }

    /**
     * Completes when {@link #token()} can answer without blocking: a provider that fetches tokens over the network
     * (OAuth) refreshes here, asynchronously. Completes exceptionally with {@link TokenRefreshException} when no
     * token can be had.
     */
    default CompletableFuture<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Credentials besides the token itself that must be scrubbed from anything HubSpot echoes back (an OAuth client
     * secret and refresh token). Never logged or shown.
     */
    default List<String> otherSecrets() {
        return List.of();
    }
}
