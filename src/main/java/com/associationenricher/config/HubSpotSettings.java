package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.*;

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
import java.util.regex.Pattern;

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

    private static final Pattern PORTAL_SETTING = Pattern.compile("[1-9][0-9]{0,18}\\.(token|token-file|refresh-token)");

    public HubSpotSettings {
        portals = Map.copyOf(portals);
    }

    /**
     * The {@code hubspot.*} section; credentials are required only when {@code purpose} calls HubSpot. Null when any
     * key of the configuration has a problem.
     */
    static HubSpotSettings from(ConfigValues values, ConfigPurpose purpose) {
        URI baseUrl = values.parsed(HUBSPOT_BASE_URL, ConfigValues::httpUrl);
        Optional<String> token = values.optional(HUBSPOT_TOKEN);
        Optional<Path> tokenFile = values.optional(HUBSPOT_TOKEN_FILE).map(Path::of);
        Map<String, String> portals = new TreeMap<>();
        values.effective().forEach((key, value) -> {
            if (key.startsWith(PORTALS_PREFIX)) {
                portals.put(key.substring(PORTALS_PREFIX.length()), value);
            }
        });
        portals.keySet().stream()
                .filter(key -> !PORTAL_SETTING.matcher(key).matches())
                .forEach(key -> values.problem(PORTALS_PREFIX + key + " (" + ConfigKey.envVariableOf(PORTALS_PREFIX + key)
                        + ") is not hubspot.portals.<portalId>.token, .token-file or .refresh-token"));
        Optional<String> oauthClientId = values.optional(HUBSPOT_OAUTH_CLIENT_ID);
        Optional<String> oauthClientSecret = values.optional(HUBSPOT_OAUTH_CLIENT_SECRET);
        Optional<String> oauthRefreshToken = values.optional(HUBSPOT_OAUTH_REFRESH_TOKEN);
        if (purpose.requireHubSpotCredentials()) {
            credentialProblems(values, token, tokenFile, oauthRefreshToken, portals);
        }
        boolean refreshTokens = oauthRefreshToken.isPresent()
                || portals.keySet().stream().anyMatch(key -> key.endsWith(".refresh-token"));
        if (refreshTokens && (oauthClientId.isEmpty() || oauthClientSecret.isEmpty())) {
            values.problem("a refresh token needs " + HUBSPOT_OAUTH_CLIENT_ID.label() + " and "
                    + HUBSPOT_OAUTH_CLIENT_SECRET.label());
        }
        if (oauthClientId.isPresent() != oauthClientSecret.isPresent()) {
            values.problem("set both or neither of " + HUBSPOT_OAUTH_CLIENT_ID.label() + " and "
                    + HUBSPOT_OAUTH_CLIENT_SECRET.label());
        }
        Optional<Long> portalId = values.parsedIfSet(HUBSPOT_PORTAL_ID, text -> {
            long id = Long.parseLong(text);
            if (id <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return id;
        });
        AssociationsApi api = values.choice(HUBSPOT_ASSOCIATIONS_API, AssociationsApi.class);
        Duration requestTimeout = values.positiveDuration(HUBSPOT_REQUEST_TIMEOUT);
        Integer rateLimitRequests = values.integer(HUBSPOT_RATE_LIMIT_REQUESTS, 1, 1_000_000);
        Duration rateLimitPeriod = values.positiveDuration(HUBSPOT_RATE_LIMIT_PERIOD);
        Integer maxConcurrent = values.integer(HUBSPOT_MAX_CONCURRENT_REQUESTS, 1, 1_000);
        Integer maxAttempts = values.integer(HUBSPOT_MAX_ATTEMPTS, 1, 1_000);
        Duration dailyLimitPause = values.positiveDuration(HUBSPOT_DAILY_LIMIT_PAUSE);
        Duration circuitOpenFor = values.positiveDuration(HUBSPOT_CIRCUIT_OPEN_FOR);
        Boolean completeTruncated = values.bool(HUBSPOT_COMPLETE_TRUNCATED);
        Integer retryMaxRetries = values.integer(HUBSPOT_RETRY_MAX_RETRIES, 0, 20);
        return values.hasProblems() ? null : new HubSpotSettings(baseUrl, token, tokenFile,
                portalId.map(OptionalLong::of).orElse(OptionalLong.empty()), api, requestTimeout, rateLimitRequests,
                rateLimitPeriod, maxConcurrent, maxAttempts, dailyLimitPause, completeTruncated, portals,
                retryMaxRetries, oauthClientId, oauthClientSecret, oauthRefreshToken, circuitOpenFor);
    }

    private static void credentialProblems(ConfigValues values, Optional<String> token, Optional<Path> tokenFile,
                                           Optional<String> oauthRefreshToken, Map<String, String> portals) {
        String both = HUBSPOT_TOKEN.label() + " and " + HUBSPOT_TOKEN_FILE.label();
        if (token.isPresent() && tokenFile.isPresent()) {
            values.problem("set only one of " + both);
        } else if (token.isEmpty() && tokenFile.isEmpty() && oauthRefreshToken.isEmpty() && portals.isEmpty()) {
            values.problem("set one of " + both + " (or " + HUBSPOT_OAUTH_REFRESH_TOKEN.label()
                    + ", or hubspot.portals.<portalId>.token)");
        }
        if (oauthRefreshToken.isPresent() && (token.isPresent() || tokenFile.isPresent())) {
            values.problem("set only one of " + both + " and " + HUBSPOT_OAUTH_REFRESH_TOKEN.label());
        }
        // The path is not echoed: a token pasted into the wrong variable would otherwise be printed.
        tokenFile.filter(file -> !Files.isRegularFile(file) || !Files.isReadable(file))
                .ifPresent(file -> values.problem(HUBSPOT_TOKEN_FILE.label() + " must be " + HUBSPOT_TOKEN_FILE.expectedForm()));
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
