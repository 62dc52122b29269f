package com.associationenricher.hubspot;

import com.associationenricher.config.HubSpotSettings;
import com.associationenricher.ops.EnricherMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the instance's one {@link AssociationsReader} from the configuration, shared by every stream thread: one
 * {@link ResilientAssociationsReader} per portal ({@code hubspot.portals.<portalId>.token} / {@code .token-file} /
 * {@code .refresh-token}), plus the single {@code hubspot.token} / {@code hubspot.token-file} /
 * {@code hubspot.oauth.refresh-token} for {@code hubspot.portal-id}, or for the portal HubSpot says the token belongs to
 * ({@link PortalDiscovery}). Each portal gets its own pacer and circuit
 * breaker; the bulkhead on concurrent calls is the whole process's.
 */
public final class AssociationsReaders {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationsReaders.class);
    private AssociationsReaders() {
    }

    public static AssociationsReader create(HubSpotSettings settings, EnricherMetrics metrics) {
        HttpClient http = HubSpotAssociationsClient.defaultHttpClient(settings.requestTimeout());
        ResilienceSettings resilience = ResilienceSettings.from(settings);
        SharedCallLimits shared = new SharedCallLimits(settings.maxConcurrentRequests(), resilience.bulkheadMaxWait(),
                metrics.registry());
        Map<Long, TokenProvider> tokens = credentials(settings, http);
        Map<Long, AssociationsReader> readers = new HashMap<>();
        tokens.forEach((portal, provider) -> readers.put(portal, reader(portal, settings.baseUrl(), provider, resilience, shared, http)));
        metrics.portalsServed(readers.keySet());
        LOG.info("HubSpot credentials for portals {}; {} requests per {} per portal, api {}", new TreeMap<>(readers).keySet(),
                resilience.rateLimitRequests(), resilience.rateLimitPeriod(), resilience.api().configValue());
        return new PortalRoutingReader(readers, shared);
    }

    /** Every portal's credentials: {@code hubspot.portals.*} plus the single token's portal (asked of HubSpot if unset). */
    static Map<Long, TokenProvider> credentials(HubSpotSettings settings, HttpClient http) {
        Map<Long, TokenProvider> tokens = portalTokens(settings, http);
        boolean singleToken = settings.token().isPresent() || settings.tokenFile().isPresent()
                || settings.oauthRefreshToken().isPresent();
        if (singleToken) {
            // A single token reads exactly one portal: learn which, so other portals' ids are never looked up with it.
            TokenProvider single = defaultTokens(settings, http);
            long portal = settings.portalId().isPresent() ? settings.portalId().getAsLong()
                    : PortalDiscovery.portalOf(settings.baseUrl(), single, http, settings.requestTimeout());
            if (tokens.putIfAbsent(portal, single) != null) {
                throw new IllegalArgumentException("portal " + portal + " has credentials twice: in hubspot.portals." + portal
                        + ".* and in the single hubspot token");
            }
        }
        return tokens;
    }

    private static AssociationsReader reader(long portal, URI baseUrl, TokenProvider tokens, ResilienceSettings resilience,
            SharedCallLimits shared, HttpClient http) {
        // No zone: each portal's daily-limit reset is learnt from account-info at its first daily limit.
        return ResilientAssociationsReader.create(portal, baseUrl, tokens, resilience, shared, http, Clock.systemUTC(), null);
    }

    private static TokenProvider defaultTokens(HubSpotSettings settings, HttpClient http) {
        if (settings.oauthRefreshToken().isPresent()) {
            return oauth(settings, settings.oauthRefreshToken().get(), http);
        }
        return settings.tokenFile().<TokenProvider>map(FileTokenProvider::new)
                .orElseGet(() -> new StaticTokenProvider(settings.resolveToken()));
    }

    private static TokenProvider oauth(HubSpotSettings settings, String refreshToken, HttpClient http) {
        String clientId = settings.oauthClientId().orElseThrow(() ->
                new IllegalArgumentException("a refresh token needs hubspot.oauth.client-id and hubspot.oauth.client-secret"));
        String secret = settings.oauthClientSecret().orElseThrow(() ->
                new IllegalArgumentException("a refresh token needs hubspot.oauth.client-id and hubspot.oauth.client-secret"));
        return new OAuthTokenProvider(settings.baseUrl(), clientId, secret, refreshToken, http, settings.requestTimeout());
    }

    /** Per-portal credentials from the {@code hubspot.portals.*} keys, OAuth refresh tokens included. */
    static Map<Long, TokenProvider> portalTokens(HubSpotSettings settings, HttpClient http) {
        return portalTokens(settings.portals(), refreshToken -> oauth(settings, refreshToken, http));
    }

    /** {@code 123.token=...}, {@code 123.token-file=...} from the {@code hubspot.portals.*} keys (no OAuth). */
    static Map<Long, TokenProvider> portalTokens(Map<String, String> portals) {
        return portalTokens(portals, refreshToken -> {
            throw new IllegalArgumentException("hubspot.portals.<id>.refresh-token needs hubspot.oauth.client-id and -secret");
        });
    }

    private static Map<Long, TokenProvider> portalTokens(Map<String, String> portals,
            java.util.function.Function<String, TokenProvider> refreshTokens) {
        Map<Long, TokenProvider> tokens = new HashMap<>();
        portals.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("hubspot.portals." + key
                        + " is not hubspot.portals.<portalId>.token, .token-file or .refresh-token");
            }
            long portal;
            try {
                portal = Long.parseLong(key.substring(0, dot));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hubspot.portals." + key + ": the portal id must be a number");
            }
            TokenProvider provider = switch (key.substring(dot + 1)) {
                case "token" -> new StaticTokenProvider(value);
                case "token-file" -> new FileTokenProvider(Path.of(value));
                case "refresh-token" -> refreshTokens.apply(value);
                default -> throw new IllegalArgumentException("hubspot.portals." + key
                        + " is not a known setting (token, token-file, refresh-token)");
            };
            if (tokens.putIfAbsent(portal, provider) != null) {
                throw new IllegalArgumentException("hubspot.portals." + portal + ": set only one of token, token-file, refresh-token");
            }
        });
        return tokens;
    }
}
