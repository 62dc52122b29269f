package com.associationenricher.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * HubSpot's error shape, both as a whole error body (401, 403, 429, ...) and as one entry of a 207's
 * {@code errors[]}. {@code context} and {@code subCategory} stay raw because HubSpot sends them in several shapes
 * (a map of lists, a map of strings, the Java-ish string {@code "{missingScopes=[a, b]}"}, an empty object).
 */
record HubSpotError(
        String status,
        String category,
        JsonNode subCategory,
        String message,
        JsonNode context,
        List<Detail> errors,
        String policyName,
        String errorType,
        String correlationId) {

    public HubSpotError {
        errors = errors == null ? List.of() : errors;
    }

    /** The subCategory as text, or null when absent or an empty object. */
    public String subCategoryText() {
        return text(subCategory);
    }

    /** One entry of the nested {@code errors[]}. */
    public record Detail(String message, String code, JsonNode context, String in, JsonNode subCategory) {
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isValueNode()) {
            String text = node.asText();
            return text.isEmpty() ? null : text;
        }
        return node.isEmpty() ? null : node.toString();
    }
}
