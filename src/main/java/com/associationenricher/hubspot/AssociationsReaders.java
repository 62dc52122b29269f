package com.associationenricher.hubspot;

import com.associationenricher.config.HubSpotSettings;
import com.associationenricher.ops.EnricherMetrics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the instance's one {@link AssociationsReader} from the configuration, shared by every stream thread: one
 * client per portal ({@code hubspot.portals.<portalId>.token} / {@code .token-file}), plus the single
 * {@code hubspot.token} for {@code hubspot.portal-id}.
 */
public final class AssociationsReaders {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationsReaders.class);

    private AssociationsReaders() {
    }

    public static AssociationsReader create(HubSpotSettings settings, EnricherMetrics metrics) {
        Map<Long, TokenProvider> tokens = portalTokens(settings.portals());
        boolean singleToken = settings.token().isPresent() || settings.tokenFile().isPresent();
        if (singleToken && settings.portalId().isEmpty() && tokens.isEmpty()) {
            LOG.warn("hubspot.portal-id is not set: every portal's ids are looked up with the one hubspot.token; "
                    + "set hubspot.portal-id (or hubspot.portals.<id>.token) so other portals' ids are dead-lettered instead");
            return client(settings, defaultTokens(settings));
        }
        if (singleToken && settings.portalId().isPresent()) {
            tokens.putIfAbsent(settings.portalId().getAsLong(), defaultTokens(settings));
        }
        Map<Long, AssociationsReader> readers = new HashMap<>();
        tokens.forEach((portal, provider) -> readers.put(portal, client(settings, provider)));
        LOG.info("HubSpot credentials for portals {}", new TreeMap<>(readers).keySet());
        return new PortalRoutingReader(readers);
    }

    private static AssociationsReader client(HubSpotSettings settings, TokenProvider tokens) {
        return new HubSpotAssociationsClient(settings.baseUrl(), tokens, settings.requestTimeout());
    }

    private static TokenProvider defaultTokens(HubSpotSettings settings) {
        return settings.tokenFile().<TokenProvider>map(FileTokenProvider::new)
                .orElseGet(() -> new StaticTokenProvider(settings.resolveToken()));
    }

    /** {@code 123.token=...} and {@code 123.token-file=...} from the {@code hubspot.portals.*} keys. */
    static Map<Long, TokenProvider> portalTokens(Map<String, String> portals) {
        Map<Long, TokenProvider> tokens = new HashMap<>();
        portals.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("hubspot.portals." + key + " is not hubspot.portals.<portalId>.token or .token-file");
            }
            long portal;
            try {
                portal = Long.parseLong(key.substring(0, dot));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hubspot.portals." + key + ": the portal id must be a number");
            }
            switch (key.substring(dot + 1)) {
                case "token" -> tokens.put(portal, new StaticTokenProvider(value));
                case "token-file" -> tokens.put(portal, new FileTokenProvider(Path.of(value)));
                default -> throw new IllegalArgumentException("hubspot.portals." + key + " is not a known setting (token, token-file)");
            }
        });
        return tokens;
    }
}
