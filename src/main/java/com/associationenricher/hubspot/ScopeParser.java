package com.associationenricher.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the scopes a 403 says the token lacks, in every form HubSpot has used: {@code context.missingScopes},
 * {@code context.requiredScopes}, {@code errors[].context.requiredGranularScopes}, and the string context
 * {@code "{missingScopes=[scope1, scope2]}"} at either level. Order of first appearance, no duplicates.
 */
final class ScopeParser {

    private static final List<String> SCOPE_KEYS = List.of("missingScopes", "requiredScopes", "requiredGranularScopes");

    private ScopeParser() {
    }

    public static List<String> missingScopes(HubSpotError error) {
        if (error == null) {
            return List.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        collect(error.context(), scopes);
        error.errors().forEach(detail -> collect(detail.context(), scopes));
        return List.copyOf(scopes);
    }

    private static void collect(JsonNode context, Set<String> into) {
        Map<String, List<String>> parsed = ErrorContext.parse(context);
        SCOPE_KEYS.forEach(key -> into.addAll(parsed.getOrDefault(key, List.of())));
    }
}
