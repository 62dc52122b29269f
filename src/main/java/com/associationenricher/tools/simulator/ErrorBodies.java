package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** HubSpot's error bodies, word for word where HubSpot's wording is known. */
final class ErrorBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ErrorBodies() {
    }

    static Answer unauthorized(boolean expired, String correlationId) {
        ObjectNode body = error(expired
                ? "The OAuth token used to make this call expired 2 minute(s) ago."
                : "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find "
                        + "more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                correlationId);
        body.put("category", expired ? "EXPIRED_AUTHENTICATION" : "INVALID_AUTHENTICATION");
        return Answer.json(401, body);
    }

    static Answer rateLimited(String policy, long portalId, String correlationId) {
        boolean daily = RateLimitLedger.DAILY.equals(policy);
        ObjectNode body = error(daily ? "You have reached your daily limit." : "You have reached your ten_secondly_rolling limit.",
                correlationId);
        body.put("errorType", "RATE_LIMIT");
        body.put("policyName", policy);
        body.put("groupName", (daily ? "api:daily:" : "api:ten-secondly:") + portalId);
        return Answer.json(429, body);
    }

    /** A 403 MISSING_SCOPES in one of the forms HubSpot uses ({@code form} is never ROTATE here). */
    static Answer missingScopes(List<String> scopes, ScopeErrorForm form, String correlationId) {
        ObjectNode body = error("This app hasn't been granted all required scopes to make this call. Read more about "
                + "required scopes here: https://developers.hubspot.com/scopes.", correlationId);
        ArrayNode nested = body.putArray("errors");
        switch (form) {
            case CONTEXT_MISSING_SCOPES -> strings(body.putObject("context").putArray("missingScopes"), scopes);
            case ERRORS_CONTEXT_STRING -> nested.addObject()
                    .put("message", "One or more of the following scopes are required.")
                    .put("context", "{missingScopes=[" + String.join(", ", scopes) + "]}");
            default -> {
                ObjectNode entry = nested.addObject().put("message", "One or more of the following scopes are required.");
                strings(entry.putObject("context").putArray("requiredGranularScopes"), scopes);
            }
        }
        body.putObject("links").put("scopes", "https://developers.hubspot.com/scopes");
        body.put("category", "MISSING_SCOPES");
        return Answer.json(403, body);
    }

    static Answer validation(String message, String correlationId) {
        ObjectNode body = error(message, correlationId);
        body.put("category", "VALIDATION_ERROR");
        return Answer.json(400, body);
    }

    static Answer notFound(String message, String category, String correlationId) {
        ObjectNode body = error(message, correlationId);
        body.put("category", category);
        return Answer.json(404, body);
    }

    /** 500 and 503 come from HubSpot as JSON; 502 and 504 from the edge, as HTML. */
    static Answer serverError(int status, String correlationId) {
        if (status == 502 || status == 504) {
            String title = status == 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
            return Answer.text(status, "text/html", "<html><head><title>" + title + "</title></head><body><center><h1>"
                    + title + "</h1></center></body></html>");
        }
        ObjectNode body = error(status == 503 ? "Service Unavailable" : "internal error", correlationId);
        body.put("category", status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR");
        return Answer.json(status, body);
    }

    static Answer methodNotAllowed(String method) {
        return Answer.json(405, error("HTTP method " + method + " is not supported by this endpoint", null));
    }

    /** A per-id entry of a 207 {@code errors[]} array, naming the id in {@code context.fromObjectId}. */
    static ObjectNode idError(String category, String subCategory, String message, String objectId) {
        ObjectNode entry = NODES.objectNode();
        entry.put("status", "error");
        entry.put("category", category);
        if (subCategory != null) {
            entry.put("subCategory", subCategory);
        }
        entry.put("message", message);
        entry.putObject("context").putArray("fromObjectId").add(objectId);
        entry.putArray("errors");
        entry.putObject("links");
        return entry;
    }

    static ObjectNode noAssociations(String fromType, String toType, String objectId) {
        return idError("OBJECT_NOT_FOUND", "crm.associations.NO_ASSOCIATIONS_FOUND",
                "No " + ObjectTypes.singular(toType) + " is associated with " + ObjectTypes.singular(fromType) + " " + objectId + ".",
                objectId);
    }

    private static ObjectNode error(String message, String correlationId) {
        ObjectNode body = NODES.objectNode();
        body.put("status", "error");
        body.put("message", message);
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        return body;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
