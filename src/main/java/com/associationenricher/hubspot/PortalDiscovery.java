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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Learns at start-up which portal a single token belongs to, so its lookups are never made for another portal's ids:
 * {@code GET /account-info/v3/details} answers {@code portalId} for private-app tokens, {@code GET
 * /oauth/v1/access-tokens/{token}} answers {@code hub_id} for OAuth access tokens. The token is never logged, and the
 * URL of the second call (which contains it) never appears in a message.
 */
public final class PortalDiscovery {
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
            OptionalLong oauth = portalField(http, HttpRequest.newBuilder(URI.create(base + "/oauth/v1/access-tokens/"
                    + URLEncoder.encode(token, StandardCharsets.UTF_8))).timeout(timeout).GET().build(), "hub_id", "access-tokens", attempts);
            if (oauth.isPresent()) {
                return oauth.getAsLong();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add("interrupted");
        } catch (Exception e) {
            attempts.add(e.getClass().getSimpleName());
        }
        throw new IllegalStateException("cannot learn which portal the HubSpot token belongs to (" + String.join(", ", attempts)
                + "): set hubspot.portal-id");
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
