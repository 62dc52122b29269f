package com.associationenricher.events;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How requests to a Schema Registry authenticate: not at all, HTTP basic ({@code user:password}) or a bearer token.
 * Holds the secret only to build the Authorization header; {@link #toString()} and {@link #redact(String)} keep it
 * out of logs and exception messages.
 */
public final class RegistryAuth {

    private static final RegistryAuth NONE = new RegistryAuth(null, null, null);

    private final String description;
    private final String authorizationHeader;
    private final String secret;

    private RegistryAuth(String description, String authorizationHeader, String secret) {
        this.description = description;
        this.authorizationHeader = authorizationHeader;
        this.secret = secret;
    }

    public static RegistryAuth none() {
        return NONE;
    }

    /** Basic auth from {@code user:password}, the form Confluent clients call basic.auth.user.info. */
    public static RegistryAuth basic(String userInfo) {
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("schema registry basic auth must be 'user:password' (the value is not shown)");
        }
        String header = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        String password = userInfo.substring(colon + 1);
        return new RegistryAuth("basic auth as '" + userInfo.substring(0, colon) + "'", header, password.isEmpty() ? null : password);
    }

    public static RegistryAuth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("schema registry bearer token is empty");
        }
        return new RegistryAuth("bearer token", "Bearer " + token, token);
    }

    /** The value of the Authorization header, empty for {@link #none()}. */
    public Optional<String> authorizationHeader() {
        return Optional.ofNullable(authorizationHeader);
    }

    /** {@code text} with the secret masked, for text that came from elsewhere (a registry's error message). */
    public String redact(String text) {
        if (text == null || secret == null) {
            return text;
        }
        return text.replace(secret, "****");
    }

    @Override
    public String toString() {
        return description == null ? "no auth" : description;
    }
}
