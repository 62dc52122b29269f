package com.associationenricher.tools.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HubSpot's account endpoints the enricher uses around the associations API: the two ways to learn which portal a
 * token belongs to ({@code GET /account-info/v3/details} for private-app tokens, {@code GET
 * /oauth/v1/access-tokens/{token}} for OAuth access tokens), and the OAuth refresh-token grant
 * ({@code POST /oauth/v1/token}), which issues access tokens that the other endpoints then accept for their portal.
 */
final class AccountEndpoints {
    static final int ACCESS_TOKEN_SECONDS = 1800;

    private final Map<String, Long> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Long> issuedAccessTokens = new ConcurrentHashMap<>();

    static boolean handles(String path) {
        return path.equals("/account-info/v3/details") || path.startsWith("/oauth/v1/access-tokens/") || path.equals("/oauth/v1/token");
    }

    void registerRefreshToken(String refreshToken, long portalId) {
        refreshTokens.put(refreshToken, portalId);
    }

    /** The portal of an access token issued by the refresh grant, or null. */
    Long portalOfIssued(String accessToken) {
        return accessToken == null ? null : issuedAccessTokens.get(accessToken);
    }

    /** @param portalOfToken the portal of the request's bearer token (settings or issued), null if unknown */
    Answer answer(String method, String path, String body, Long portalOfToken, SimulatorSettings settings) {
        if (path.equals("/oauth/v1/token")) {
            return "POST".equalsIgnoreCase(method) ? refresh(body) : ErrorBodies.methodNotAllowed(method);
        }
        if (!"GET".equalsIgnoreCase(method)) {
            return ErrorBodies.methodNotAllowed(method);
        }
        if (path.equals("/account-info/v3/details")) {
            if (portalOfToken == null) {
                return ErrorBodies.unauthorized(false, UUID.randomUUID().toString());
            }
            Map<String, Object> details = new HashMap<>();
            details.put("portalId", portalOfToken);
            details.put("accountType", "STANDARD");
            details.put("timeZone", "UTC");
            return Answer.json(200, Answer.JSON.valueToTree(details));
        }
        String token = URLDecoder.decode(path.substring("/oauth/v1/access-tokens/".length()), StandardCharsets.UTF_8);
        Long portal = issuedAccessTokens.get(token);
        if (portal == null) {
            return ErrorBodies.notFound("Token not found", "OBJECT_NOT_FOUND", UUID.randomUUID().toString());
        }
        return Answer.json(200, Answer.JSON.valueToTree(Map.of("hub_id", portal, "app_id", 1, "expires_in", ACCESS_TOKEN_SECONDS,
                "token_type", "access")));
    }

    private Answer refresh(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Long portal = refreshTokens.get(form.getOrDefault("refresh_token", ""));
        if (!"refresh_token".equals(form.get("grant_type")) || portal == null || form.get("client_id") == null
                || form.get("client_secret") == null) {
            return Answer.json(400, Answer.JSON.valueToTree(Map.of("status", "BAD_REFRESH_TOKEN",
                    "message", "missing or unknown refresh token")));
        }
        String accessToken = "oauth-" + portal + "-" + UUID.randomUUID();
        issuedAccessTokens.put(accessToken, portal);
        return Answer.json(200, Answer.JSON.valueToTree(Map.of("access_token", accessToken,
                "refresh_token", form.get("refresh_token"), "expires_in", ACCESS_TOKEN_SECONDS, "token_type", "bearer")));
    }
}
