package com.associationenricher.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Learns which portal a single token belongs to, so its lookups are never made for another portal's ids, and in
 * which time zone a portal's daily limit resets: {@code GET /account-info/v3/details} answers {@code portalId},
 * {@code timeZone} and {@code utcOffsetMilliseconds}; {@code GET /oauth/v1/access-tokens/{token}} answers
 * {@code hub_id} for OAuth access tokens. That second URL holds the token in its path, so it is called only for OAuth
 * access tokens (never for a private-app token), and neither the token nor that URL ever appears in a message.
 */
final class PortalDiscovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PortalDiscovery() {
    }

    /**
     * @throws IllegalStateException naming {@code hubspot.portal-id} when neither endpoint names the portal
     */
    public static long portalOf(URI baseUrl, TokenProvider tokens, HttpClient http, Duration timeout) {
        List<String> attempts = new ArrayList<>();
        try {
            tokens.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String token = tokens.token();
            String base = baseUrl.toString().replaceAll("/+$", "");
            OptionalLong privateApp = portalField(http, HttpRequest.newBuilder(URI.create(base + "/account-info/v3/details"))
                    .header("Authorization", "Bearer " + token).timeout(timeout).GET().build(), "portalId", "account-info", attempts);
            if (privateApp.isPresent()) {
                return privateApp.getAsLong();
            }
            if (!tokens.oauthAccessTokens()) {
                throw new IllegalStateException("cannot learn which portal the HubSpot token belongs to ("
                        + String.join(", ", attempts) + "): set hubspot.portal-id");
            }
            OptionalLong oauth = portalField(http, HttpRequest.newBuilder(URI.create(base + "/oauth/v1/access-tokens/"
                    + URLEncoder.encode(token, StandardCharsets.UTF_8))).timeout(timeout).GET().build(), "hub_id", "access-tokens", attempts);
            if (oauth.isPresent()) {
                return oauth.getAsLong();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add("interrupted");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            attempts.add(e.getClass().getSimpleName());
        }
        throw new IllegalStateException("cannot learn which portal the HubSpot token belongs to (" + String.join(", ", attempts)
                + "): set hubspot.portal-id");
    }

    /**
     * The portal's time zone from account-info ({@code timeZone}, else {@code utcOffsetMilliseconds}), asynchronously;
     * empty when HubSpot does not say or cannot be asked. Never completes exceptionally.
     */
    public static CompletableFuture<Optional<ZoneId>> timeZoneOf(URI baseUrl, TokenProvider tokens, HttpClient http,
            Duration timeout) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        CompletableFuture<Optional<ZoneId>> zone;
        try {
            zone = tokens.tokenAsync().thenCompose(token -> http.sendAsync(HttpRequest.newBuilder(
                            URI.create(base + "/account-info/v3/details")).header("Authorization", "Bearer " + token)
                            .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString()))
                    .thenApply(response -> response.statusCode() == 200 ? zoneIn(response.body()) : Optional.<ZoneId>empty());
        } catch (RuntimeException e) {
            zone = CompletableFuture.failedFuture(e);
        }
        return zone.exceptionally(error -> Optional.empty());
    }

    static Optional<ZoneId> zoneIn(String accountInfo) {
        try {
            JsonNode details = JSON.readTree(accountInfo);
            JsonNode name = details.path("timeZone");
            if (name.isTextual() && !name.asText().isBlank()) {
                try {
                    return Optional.of(ZoneId.of(name.asText()));
                } catch (DateTimeException unknownName) {
                    // fall back to the offset
                }
            }
            JsonNode offset = details.path("utcOffsetMilliseconds");
            if (offset.canConvertToLong()) {
                return Optional.of(ZoneOffset.ofTotalSeconds((int) (offset.asLong() / 1000)));
            }
            return Optional.empty();
        } catch (IOException | DateTimeException notUsable) {
            return Optional.empty();
        }
    }

    private static OptionalLong portalField(HttpClient http, HttpRequest request, String field, String name, List<String> attempts) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                attempts.add(name + ": HTTP " + response.statusCode());
                return OptionalLong.empty();
            }
            JsonNode portal = JSON.readTree(response.body()).path(field);
            if (!portal.canConvertToLong() || portal.asLong() <= 0) {
                attempts.add(name + ": no " + field + " in the answer");
                return OptionalLong.empty();
            }
            return OptionalLong.of(portal.asLong());
        } catch (IOException e) {
            attempts.add(name + ": " + e.getClass().getSimpleName());
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add(name + ": interrupted");
            return OptionalLong.empty();
        }
    }
}
