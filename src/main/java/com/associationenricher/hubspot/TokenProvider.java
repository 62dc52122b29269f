package com.associationenricher.hubspot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Supplies the bearer token of a HubSpot private app or OAuth installation. Implementations never reveal the token
 * in {@code toString()} or in exception messages.
 */
interface TokenProvider {

    /**
     * The token to send now; throws an unchecked exception (without the token) when none is available. May block
     * while a network provider refreshes: never call it on a shared scheduler thread, use {@link #tokenAsync()}.
     */
    String token();

    /**
     * The token to send now, without blocking the caller: completes at once when a valid token is at hand, otherwise
     * when a refresh ends; exceptionally (e.g. {@link TokenRefreshException}) when no token can be had.
     */
    default CompletableFuture<String> tokenAsync() {
        try {
            return CompletableFuture.completedFuture(token());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Forget any cached value so the next {@link #token()} fetches afresh. */
    default void invalidate() {
    }

    /**
     * HubSpot rejected {@code rejected} (401): forget it, but only it. An answer to an old call that arrives after a
     * refresh must not throw away the fresh token.
     */
    default void invalidate(String rejected) {
        invalidate();
    }

    /** True for OAuth access tokens, which HubSpot's {@code /oauth/v1/access-tokens/{token}} can describe. */
    default boolean oauthAccessTokens() {
        return false;
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
