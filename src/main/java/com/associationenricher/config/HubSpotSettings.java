package com.associationenricher.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How to call HubSpot: where, with which credentials, and how gently. {@code portals} holds the raw
 * {@code hubspot.portals.*} settings with that prefix removed ({@code 123.token}), reserved for per-portal
 * credentials. {@code toString()} never shows a credential.
 */
public record HubSpotSettings(
        URI baseUrl,
        Optional<String> token,
        Optional<Path> tokenFile,
        OptionalLong portalId,
        AssociationsApi associationsApi,
        Duration requestTimeout,
        int rateLimitRequests,
        Duration rateLimitPeriod,
        int maxConcurrentRequests,
        int maxAttempts,
        Duration dailyLimitPause,
        boolean completeTruncated,
        Map<String, String> portals,
        int retryMaxRetries,
        Optional<String> oauthClientId,
        Optional<String> oauthClientSecret,
        Optional<String> oauthRefreshToken,
        Duration circuitOpenFor) {

    public HubSpotSettings {
        portals = Map.copyOf(portals);
    }

    /** The settings without OAuth, with the default in-call retries (3) and circuit open time (30 s). */
    public HubSpotSettings(URI baseUrl, Optional<String> token, Optional<Path> tokenFile, OptionalLong portalId,
            AssociationsApi associationsApi, Duration requestTimeout, int rateLimitRequests, Duration rateLimitPeriod,
            int maxConcurrentRequests, int maxAttempts, Duration dailyLimitPause, boolean completeTruncated,
            Map<String, String> portals) {
        this(baseUrl, token, tokenFile, portalId, associationsApi, requestTimeout, rateLimitRequests, rateLimitPeriod,
                maxConcurrentRequests, maxAttempts, dailyLimitPause, completeTruncated, portals, 3, Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
    }

    /**
     * The default token: {@code hubspot.token}, or the trimmed content of {@code hubspot.token-file} read now, so a
     * rotated file is picked up without a restart.
     *
     * @throws ConfigException when neither is set or the file cannot be read
     */
    public String resolveToken() {
        if (token.isPresent()) {
            return token.get();
        }
        Path file = tokenFile.orElseThrow(() -> new ConfigException(ConfigKeys.HUBSPOT_TOKEN.label() + " and "
                + ConfigKeys.HUBSPOT_TOKEN_FILE.label() + " are unset"));
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (content.isEmpty()) {
                throw new ConfigException(ConfigKeys.HUBSPOT_TOKEN_FILE.label() + " names an empty file: " + file);
            }
            return content;
        } catch (IOException e) {
            throw new ConfigException(ConfigKeys.HUBSPOT_TOKEN_FILE.label() + " cannot be read: " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        Map<String, String> maskedPortals = new TreeMap<>();
        portals.forEach((key, value) ->
                maskedPortals.put(key, ConfigKeys.isSecret(ConfigKeys.PORTALS_PREFIX + key) ? EnricherConfig.MASK : value));
        return "HubSpotSettings[baseUrl=" + baseUrl
                + ", token=" + token.map(secret -> EnricherConfig.MASK).orElse("(none)")
                + ", tokenFile=" + tokenFile.map(Path::toString).orElse("(none)")
                + ", portalId=" + (portalId.isPresent() ? String.valueOf(portalId.getAsLong()) : "(none)")
                + ", associationsApi=" + associationsApi.configValue()
                + ", requestTimeout=" + requestTimeout
                + ", rateLimitRequests=" + rateLimitRequests
                + ", rateLimitPeriod=" + rateLimitPeriod
                + ", maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxAttempts=" + maxAttempts
                + ", dailyLimitPause=" + dailyLimitPause
                + ", circuitOpenFor=" + circuitOpenFor
                + ", completeTruncated=" + completeTruncated
                + ", retryMaxRetries=" + retryMaxRetries
                + ", oauthClientId=" + oauthClientId.orElse("(none)")
                + ", oauthClientSecret=" + oauthClientSecret.map(secret -> EnricherConfig.MASK).orElse("(none)")
                + ", oauthRefreshToken=" + oauthRefreshToken.map(secret -> EnricherConfig.MASK).orElse("(none)")
                + ", portals=" + maskedPortals + "]";
    }
}
