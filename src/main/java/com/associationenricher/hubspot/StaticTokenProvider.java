package com.associationenricher.hubspot;

/** A token fixed for the life of the process, e.g. from an environment variable. */
final class StaticTokenProvider implements TokenProvider {

    private final String token;

    public StaticTokenProvider(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("HubSpot token must not be blank");
        }
        this.token = token.strip();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "StaticTokenProvider[token=****]";
    }
}
