package com.associationenricher.hubspot;

/**
 * No access token could be obtained from HubSpot's OAuth token endpoint. {@code permanent} when HubSpot refused the
 * refresh token or the client credentials (a person has to act), otherwise the endpoint was unreachable or failing.
 * The message never holds a credential.
 */
final class TokenRefreshException extends RuntimeException {

    private final boolean permanent;
    private final Integer httpStatus;

    public TokenRefreshException(String message, boolean permanent, Integer httpStatus) {
        super(message);
        this.permanent = permanent;
        this.httpStatus = httpStatus;
    }

    public boolean permanent() {
        return permanent;
    }

    public Integer httpStatus() {
        return httpStatus;
    }
}
