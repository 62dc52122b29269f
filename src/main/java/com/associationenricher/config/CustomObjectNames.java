package com.associationenricher.config;

import com.associationenricher.events.ObjectTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves custom objects named in {@code associations.pairs} by their fully qualified name
 * ({@code p<portalId>_<name>}) to their {@code 2-<n>} type ids, asking that portal's {@code GET /crm/v3/schemas}
 * once at start-up (one call per portal, cached). A name the portal does not have, or a portal that cannot be asked,
 * stops start-up with an error naming it: a pair silently dropped would mean associations silently never looked up.
 * The token is a private-app token ({@code hubspot.portals.<id>.token}/{@code -file}, else {@code hubspot.token}/{@code
 * -file}); it is never part of an error.
 */
public final class CustomObjectNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSpotSettings settings;
    private final HttpClient http;
    private final Map<Long, Map<String, String>> schemasByPortal = new ConcurrentHashMap<>();

    public CustomObjectNames(HubSpotSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /** The pairs with every qualified name replaced by its id; the pairs themselves when none is named. */
    public static AssociationPairs resolve(AssociationPairs pairs, HubSpotSettings settings) {
        if (pairs.qualifiedNames().isEmpty()) {
            return pairs;
        }
        return new CustomObjectNames(settings, HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build())
                .resolved(pairs);
    }

    public AssociationPairs resolved(AssociationPairs pairs) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : pairs.qualifiedNames()) {
            long portal = ObjectTypes.portalOfQualifiedName(name);
            String id = schemasOf(portal).get(name);
            if (id == null) {
                throw new ConfigException(ConfigKeys.ASSOCIATIONS_PAIRS.label() + " names the custom object '" + name
                        + "', which portal " + portal + " does not have (GET /crm/v3/schemas lists "
                        + String.join(", ", schemasOf(portal).keySet()) + ")");
            }
            ids.put(name, id);
        }
        return pairs.resolved(ids);
    }

    /** fullyQualifiedName to objectTypeId of one portal's custom objects; asked once per portal. */
    Map<String, String> schemasOf(long portal) {
        return schemasByPortal.computeIfAbsent(portal, this::fetch);
    }

    private Map<String, String> fetch(long portal) {
        String problem = ConfigKeys.ASSOCIATIONS_PAIRS.label() + " names custom objects of portal " + portal
                + ", but its schemas cannot be read: ";
        HttpRequest request = HttpRequest.newBuilder(settings.baseUrl().resolve("/crm/v3/schemas"))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + tokenOf(portal))
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(problem + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(problem + "interrupted");
        }
        if (response.statusCode() != 200) {
            throw new ConfigException(problem + "HTTP " + response.statusCode()
                    + (response.statusCode() == 403 ? " (the token needs the crm.schemas.custom.read scope)" : ""));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            for (JsonNode schema : JSON.readTree(response.body()).path("results")) {
                String name = schema.path("fullyQualifiedName").asText("");
                String id = schema.path("objectTypeId").asText("");
                if (!name.isEmpty() && ObjectTypes.isCustom(id)) {
                    ids.put(name, id);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(problem + "the answer is not JSON");
        }
        return Map.copyOf(ids);
    }

    private String tokenOf(long portal) {
        String token = settings.portals().get(portal + ".token");
        if (token != null) {
            return token;
        }
        String tokenFile = settings.portals().get(portal + ".token-file");
        if (tokenFile != null) {
            try {
                return Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException("hubspot.portals." + portal + ".token-file cannot be read: " + tokenFile);
            }
        }
        if (settings.token().isPresent() || settings.tokenFile().isPresent()) {
            return settings.resolveToken();
        }
        throw new ConfigException(ConfigKeys.ASSOCIATIONS_PAIRS.label() + " names custom objects of portal " + portal
                + ": resolving names needs a private-app token (hubspot.portals." + portal + ".token or hubspot.token); "
                + "with OAuth only, configure the custom object by its 2-<n> id");
    }
}
