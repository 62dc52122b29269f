package com.associationenricher.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/** HubSpot's answer to one batch, as exactly one outcome per requested id. */
public record BatchReadResult(Map<String, IdOutcome> outcomes) {
    public BatchReadResult {
        outcomes = Map.copyOf(outcomes);
    }

    /** The same outcome for every id, e.g. a 403 MISSING_SCOPES or a connection failure. */
    public static BatchReadResult all(BatchReadRequest request, IdOutcome outcome) {
        Map<String, IdOutcome> map = new LinkedHashMap<>();
        request.objectIds().forEach(id -> map.put(id, outcome));
        return new BatchReadResult(map);
    }
}
