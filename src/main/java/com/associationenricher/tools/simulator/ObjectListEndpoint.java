package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.NavigableSet;

/**
 * {@code GET /crm/v3/objects/{type}?limit=&after=&archived=} (and the dated {@code /crm/objects/2026-03/{type}}):
 * the objects of {@link ObjectUniverse} in id order, {@code limit} per page (HubSpot's default 10; above 100 a 400
 * VALIDATION_ERROR), {@code paging.next.after} = the id the next page starts at, absent on the last page.
 * {@code archived=true} lists the recycle bin. Objects deleted while a client pages are simply not listed any more.
 */
final class ObjectListEndpoint {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private ObjectListEndpoint() {
    }

    /** A search without filters: the {@code total} of live objects and the first one, as HubSpot answers. */
    static Answer search(String objectType, ObjectUniverse universe, CallContext call) {
        NavigableSet<Long> ids = universe.view(call.portalId(), objectType, false);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("total", ids.size());
        ArrayNode results = body.putArray("results");
        if (!ids.isEmpty()) {
            results.addObject().put("id", Long.toString(ids.first())).put("archived", false);
        }
        return Answer.json(200, body);
    }

    static Answer answer(String objectType, String query, ObjectUniverse universe, CallContext call) {
        int limit = DEFAULT_LIMIT;
        long after = Long.MIN_VALUE;
        boolean recycleBin = false;
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (name) {
                    case "limit" -> {
                        try {
                            limit = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            return ErrorBodies.validation("limit must be a number, got '" + value + "'", call.correlationId());
                        }
                        if (limit < 1 || limit > MAX_LIMIT) {
                            return ErrorBodies.validation("limit must be between 1 and " + MAX_LIMIT + ", got " + limit,
                                    call.correlationId());
                        }
                    }
                    case "after" -> {
                        try {
                            after = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            return ErrorBodies.validation("Invalid paging cursor '" + value + "'.", call.correlationId());
                        }
                    }
                    case "archived" -> recycleBin = Boolean.parseBoolean(value);
                    default -> { }
                }
            }
        }
        NavigableSet<Long> ids = universe.view(call.portalId(), objectType, recycleBin).tailSet(after, true);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode results = body.putArray("results");
        Iterator<Long> iterator = ids.iterator();
        String stamp = CREATED.toString();
        String now = call.requestedAt().truncatedTo(ChronoUnit.MILLIS).toString();
        while (iterator.hasNext() && results.size() < limit) {
            String id = Long.toString(iterator.next());
            ObjectNode object = results.addObject().put("id", id);
            object.putObject("properties").put("hs_object_id", id).put("createdate", stamp).put("lastmodifieddate", stamp);
            object.put("createdAt", stamp).put("updatedAt", stamp).put("archived", recycleBin);
            if (recycleBin) {
                object.put("archivedAt", now);
            }
        }
        if (iterator.hasNext()) {
            String next = Long.toString(iterator.next());
            body.putObject("paging").putObject("next").put("after", next)
                    .put("link", "?limit=" + limit + "&after=" + next + (recycleBin ? "&archived=true" : ""));
        }
        call.stats().countIdsServed(results.size());
        return Answer.json(200, body);
    }
}
