package com.associationenricher.hubspot;

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
}
