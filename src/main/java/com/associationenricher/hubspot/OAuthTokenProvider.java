package com.associationenricher.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens of a HubSpot OAuth installation, obtained with the refresh-token grant
 * ({@code POST {base}/oauth/v1/token}, form {@code grant_type=refresh_token&client_id&client_secret&refresh_token},
 * answer {@code access_token} and {@code expires_in}) and renewed once {@code refreshAt} of their life has passed
 * (80 %: a token of HubSpot's 30 minutes is renewed after 24), so a call never goes out with a token about to expire.
 *
 * <p>{@link #tokenAsync()} and {@link #ready()} never block: they refresh asynchronously, and concurrent callers share
 * one refresh in flight. {@link #token()} blocks while a refresh runs (start-up only). A 401 invalidates only the
 * token it rejected ({@link #invalidate(String)}), so a late answer to an old call keeps a fresh token. The client secret, the refresh
 * token and the access tokens appear in no log line, exception message or {@code toString()}.
 */
final class OAuthTokenProvider implements TokenProvider {

    private static final Logger log = LoggerFactory.getLogger(OAuthTokenProvider.class);
    private static final double DEFAULT_REFRESH_AT = 0.8;

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final double refreshAt;

    private String refreshToken;
    private String accessToken;
    private Instant renewAfter = Instant.MIN;
    private Instant expiresAt = Instant.MIN;
    private CompletableFuture<Void> refreshing;

    public OAuthTokenProvider(URI baseUrl, String clientId, String clientSecret, String refreshToken,
            HttpClient http, Duration requestTimeout) {
        this(baseUrl, clientId, clientSecret, refreshToken, http, requestTimeout, Clock.systemUTC(), DEFAULT_REFRESH_AT);
    }

    public OAuthTokenProvider(URI baseUrl, String clientId, String clientSecret, String refreshToken,
            HttpClient http, Duration requestTimeout, Clock clock, double refreshAt) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.tokenEndpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/oauth/v1/token");
        this.clientId = requireText(clientId, "OAuth client id");
        this.clientSecret = requireText(clientSecret, "OAuth client secret");
        this.refreshToken = requireText(refreshToken, "OAuth refresh token");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(refreshAt > 0 && refreshAt <= 1)) {
            throw new IllegalArgumentException("refreshAt must be in (0, 1], got " + refreshAt);
        }
        this.refreshAt = refreshAt;
    }

    @Override
    public String token() {
        synchronized (this) {
            if (accessToken != null && clock.instant().isBefore(expiresAt)) {
                return accessToken;
            }
        }
        try {
            ready().get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefreshException("interrupted while refreshing the HubSpot OAuth token", false, null);
        } catch (Exception e) {
            throw e.getCause() instanceof TokenRefreshException refresh ? refresh
                    : new TokenRefreshException("HubSpot OAuth token refresh did not finish: " + e.getClass().getSimpleName(), false, null);
        }
        synchronized (this) {
            if (accessToken == null) {
                throw new TokenRefreshException("no HubSpot OAuth access token", false, null);
            }
            return accessToken;
        }
    }

    @Override
    public CompletableFuture<String> tokenAsync() {
        CompletableFuture<Void> ready;
        synchronized (this) {
            if (accessToken != null && clock.instant().isBefore(expiresAt) && clock.instant().isBefore(renewAfter)) {
                return CompletableFuture.completedFuture(accessToken);
            }
            ready = ready();
        }
        return ready.thenApply(done -> {
            synchronized (this) {
                if (accessToken == null) {
                    throw new TokenRefreshException("no HubSpot OAuth access token", false, null);
                }
                return accessToken;
            }
        });
    }

    @Override
    public boolean oauthAccessTokens() {
        return true;
    }

    @Override
    public synchronized CompletableFuture<Void> ready() {
        if (accessToken != null && clock.instant().isBefore(renewAfter)) {
            return CompletableFuture.completedFuture(null);
        }
        if (refreshing == null) {
            CompletableFuture<Void> refresh = refresh();
            refreshing = refresh;
            refresh.whenComplete((ok, error) -> {
                synchronized (this) {
                    refreshing = null;
                }
            });
            // A token still valid for a while can be used while the renewal is in flight.
            if (accessToken != null && clock.instant().isBefore(expiresAt)) {
                return CompletableFuture.completedFuture(null);
            }
            return refresh;
        }
        return accessToken != null && clock.instant().isBefore(expiresAt)
                ? CompletableFuture.completedFuture(null) : refreshing;
    }

    @Override
    public synchronized List<String> otherSecrets() {
        return List.of(clientSecret, refreshToken);
    }

    @Override
    public synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(accessToken)) {
            invalidate();
        }
    }

    @Override
    public synchronized void invalidate() {
        accessToken = null;
        renewAfter = Instant.MIN;
        expiresAt = Instant.MIN;
    }

    private CompletableFuture<Void> refresh() {
        String form = "grant_type=refresh_token"
                + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret)
                + "&refresh_token=" + encode(refreshToken);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        Instant requestedAt = clock.instant();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = AsyncErrors.unwrap(error);
                        throw new TokenRefreshException("cannot reach HubSpot's OAuth token endpoint ("
                                + cause.getClass().getSimpleName() + ")", false, null);
                    }
                    accept(response, requestedAt);
                    return null;
                });
    }

    private void accept(HttpResponse<String> response, Instant requestedAt) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status != 200) {
            // HubSpot's error names the problem (BAD_REFRESH_TOKEN, BAD_CLIENT_ID...); its message is not echoed in
            // case it quotes what was sent.
            String errorCode = body == null ? "" : text(body, "status");
            String code = errorCode.matches("[A-Z_]{1,64}") ? " " + errorCode : "";
            boolean permanent = status == 400 || status == 401 || status == 403;
            log.warn("HubSpot OAuth token refresh refused: HTTP {}{}", status, code);
            throw new TokenRefreshException("HubSpot refused the OAuth token refresh: HTTP " + status + code, permanent, status);
        }
        String access = body == null ? "" : text(body, "access_token");
        long expiresIn = body == null || !body.path("expires_in").canConvertToLong() ? 0 : body.path("expires_in").asLong();
        if (access.isEmpty() || expiresIn <= 0) {
            throw new TokenRefreshException("HubSpot's OAuth token answer has no access_token or expires_in", false, status);
        }
        String rotated = body == null ? "" : text(body, "refresh_token");
        synchronized (this) {
            accessToken = access;
            expiresAt = requestedAt.plusSeconds(expiresIn);
            renewAfter = requestedAt.plusMillis((long) (expiresIn * 1000 * refreshAt));
            if (!rotated.isEmpty()) {
                refreshToken = rotated;
            }
        }
        log.info("HubSpot OAuth access token refreshed; valid for {} s", expiresIn);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : HubSpotJson.MAPPER.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || !node.isValueNode() ? "" : node.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "OAuthTokenProvider[endpoint=" + tokenEndpoint + ", clientId=" + clientId + ", secrets=****]";
    }
}
