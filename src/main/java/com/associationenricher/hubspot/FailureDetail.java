package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.List;
import java.util.Map;

/**
 * Why an id could not be answered, in the words of the dead-letter record. {@code message} must never contain a
 * token: build it from HubSpot's message or from the exception class, never from request headers.
 */
public record FailureDetail(
        DeadLetterReason reason,
        Integer httpStatus,
        String category,
        String subCategory,
        String message,
        Map<String, List<String>> context,
        List<String> missingScopes) {

    public FailureDetail {
        context = context == null ? Map.of() : Map.copyOf(context);
        missingScopes = missingScopes == null ? List.of() : List.copyOf(missingScopes);
    }

    public static FailureDetail of(DeadLetterReason reason, Integer httpStatus, String message) {
        return new FailureDetail(reason, httpStatus, null, null, message, Map.of(), List.of());
    }
}
