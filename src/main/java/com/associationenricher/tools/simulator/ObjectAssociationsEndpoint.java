package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /crm/v3/objects/{type}/{id}/associations/{toType}?limit=&after=}: one object per call, the way a naive
 * client reads associations. An object without associations gets {@code {"results":[]}}.
 */
final class ObjectAssociationsEndpoint {

    private static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,18}");
    private static final int MAX_LIMIT = 500;

    private ObjectAssociationsEndpoint() {
    }

    static Answer answer(String fromType, String objectId, String toType, String query, CallContext call) {
        if (!NUMERIC_ID.matcher(objectId).matches()) {
            return ErrorBodies.validation("Invalid object id '" + objectId + "': ids are numeric.", call.correlationId());
        }
        call.stats().countIdsRequested(1);
        String category = call.settings().failedIds().get(objectId);
        if (category != null) {
            return ErrorBodies.notFound("Object not found. objectId are usually numeric.", category, call.correlationId());
        }
        int limit = MAX_LIMIT;
        String after = null;
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (name.equals("limit")) {
                    try {
                        limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(value)));
                    } catch (NumberFormatException e) {
                        return ErrorBodies.validation("limit must be a number, got '" + value + "'", call.correlationId());
                    }
                } else if (name.equals("after")) {
                    after = value;
                }
            }
        }
        int offset = PagingCursor.offset(after);
        if (offset < 0) {
            return ErrorBodies.validation("Invalid paging cursor '" + after + "'.", call.correlationId());
        }
        List<TrueAssociation> truth = call.universe().associations(call.portalId(), fromType, objectId, toType);
        int end = Math.min(truth.size(), offset + limit);
        List<TrueAssociation> page = offset >= truth.size() ? List.of() : truth.subList(offset, end);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode results = body.putArray("results");
        page.forEach(a -> results.addObject().put("id", a.toObjectId()).put("type", a.associationType()));
        if (end < truth.size()) {
            String next = PagingCursor.after(end);
            body.putObject("paging").putObject("next").put("after", next)
                    .put("link", "?limit=" + limit + "&after=" + next);
        }
        call.stats().countIdsServed(1);
        call.stats().countAssociationsServed(page.size());
        return Answer.json(200, body);
    }
}
