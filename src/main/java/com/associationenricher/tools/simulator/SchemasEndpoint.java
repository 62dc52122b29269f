package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code GET /crm/v3/schemas}: the custom object types of the caller's portal, in HubSpot's shape
 * ({@code results[].objectTypeId}, {@code name}, {@code fullyQualifiedName} {@code p<portalId>_<name>}, labels).
 * Every simulated portal has the same two, so tests and the demo can name them: {@code cars} ({@value #CARS}) and
 * {@code pets} ({@value #PETS}).
 */
public final class SchemasEndpoint {

    public static final String CARS = "2-1001";
    public static final String PETS = "2-1002";
    static final Map<String, String> CUSTOM_OBJECTS = Map.of("cars", CARS, "pets", PETS);

    private SchemasEndpoint() {
    }

    /** The fully qualified name HubSpot gives a custom object of a portal. */
    public static String qualifiedName(long portalId, String name) {
        return "p" + portalId + "_" + name;
    }

    static Answer answer(long portalId) {
        ObjectNode body = Answer.JSON.createObjectNode();
        ArrayNode results = body.putArray("results");
        CUSTOM_OBJECTS.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> {
            ObjectNode schema = results.addObject();
            schema.put("id", entry.getValue().substring(2));
            schema.put("objectTypeId", entry.getValue());
            schema.put("name", entry.getKey());
            schema.put("fullyQualifiedName", qualifiedName(portalId, entry.getKey()));
            schema.putObject("labels").put("singular", entry.getKey().substring(0, entry.getKey().length() - 1))
                    .put("plural", entry.getKey());
            schema.put("archived", false);
        });
        return Answer.json(200, body);
    }
}
