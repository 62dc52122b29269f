package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers the association batch reads from {@link AssociationTruth}: v3 (at most 100 per object, an input
 * {@code after} silently ignored) and v4 / 2026-03 (pages per object, resumed with the input's {@code after}).
 * Results come in shuffled order, ids without associations are left out of {@code results} and listed in
 * {@code errors[]} as NO_ASSOCIATIONS_FOUND, and any error entry turns the 200 into a 207.
 */
final class BatchReadEndpoint {

    enum Shape { V3, V4 }

    private static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,18}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BatchReadEndpoint() {
    }

    static Answer answer(Shape shape, String fromType, String toType, byte[] requestBody, CallContext call) {
        Map<String, String> inputs;
        try {
            inputs = inputs(requestBody);
        } catch (IllegalArgumentException e) {
            return ErrorBodies.validation(e.getMessage(), call.correlationId());
        }
        SimulatorSettings settings = call.settings();
        if (inputs.size() > settings.maxInputs()) {
            return ErrorBodies.validation("Too many inputs: " + inputs.size() + ". Batch requests accept at most "
                    + settings.maxInputs() + " inputs.", call.correlationId());
        }
        call.stats().countIdsRequested(inputs.size());
        List<ObjectNode> results = new ArrayList<>();
        ArrayNode errors = NODES.arrayNode();
        int associationsSent = 0;
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String id = input.getKey();
            if (!NUMERIC_ID.matcher(id).matches()) {
                errors.add(ErrorBodies.idError("VALIDATION_ERROR", null, "Invalid object id '" + id + "': ids are numeric.", id));
                continue;
            }
            String failure = settings.failedIds().get(id);
            if (SimulatorSettings.OMITTED.equals(failure)) {
                continue;
            }
            if (failure != null) {
                errors.add(ErrorBodies.idError(failure, null, "Object " + id + " of type " + ObjectTypes.singular(fromType)
                        + " could not be read (" + failure + ").", id));
                continue;
            }
            List<TrueAssociation> truth = call.universe().associations(call.portalId(), fromType, id, toType);
            if (truth.isEmpty()) {
                errors.add(ErrorBodies.noAssociations(fromType, toType, id));
                continue;
            }
            int offset = shape == Shape.V3 ? 0 : PagingCursor.offset(input.getValue());
            if (offset < 0) {
                errors.add(ErrorBodies.idError("VALIDATION_ERROR", null, "Invalid paging cursor for object " + id + ".", id));
                continue;
            }
            int pageSize = shape == Shape.V3 ? settings.v3MaxPerObject() : settings.v4PageSize();
            int end = Math.min(truth.size(), offset + pageSize);
            List<TrueAssociation> page = offset >= truth.size() ? List.of() : truth.subList(offset, end);
            associationsSent += page.size();
            results.add(result(shape, id, page, end < truth.size() ? PagingCursor.after(end) : null,
                    id.endsWith("7") && offset == 0));
        }
        Collections.shuffle(results, call.random());
        call.stats().countIdsServed(inputs.size());
        call.stats().countAssociationsServed(associationsSent);

        ObjectNode body = NODES.objectNode();
        body.put("status", "COMPLETE");
        body.putArray("results").addAll(results);
        if (!errors.isEmpty()) {
            body.put("numErrors", errors.size());
            body.set("errors", errors);
        }
        body.put("requestedAt", call.requestedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("startedAt", call.requestedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("completedAt", call.clock().instant().truncatedTo(ChronoUnit.MILLIS).toString());
        return Answer.json(errors.isEmpty() ? 200 : 207, body);
    }

    /** @param labelFirst the first association also carries a label (v4 and 2026-03), see {@link ObjectTypes#primaryLabel} */
    private static ObjectNode result(Shape shape, String id, List<TrueAssociation> page, String nextAfter, boolean labelFirst) {
        ObjectNode result = NODES.objectNode();
        result.putObject("from").put("id", id);
        ArrayNode to = result.putArray("to");
        for (TrueAssociation association : page) {
            if (shape == Shape.V3) {
                to.addObject().put("id", association.toObjectId()).put("type", association.associationType());
            } else {
                ObjectNode target = to.addObject();
                target.put("toObjectId", Long.parseLong(association.toObjectId()));
                ArrayNode types = target.putArray("associationTypes");
                types.addObject()
                        .put("category", "HUBSPOT_DEFINED")
                        .put("typeId", ObjectTypes.typeId(association.associationType()))
                        .putNull("label");
                if (labelFirst && association == page.get(0)) {
                    ObjectTypes.LabelledType label = ObjectTypes.primaryLabel(association.associationType());
                    types.addObject().put("category", label.category()).put("typeId", label.typeId()).put("label", label.label());
                }
            }
        }
        if (nextAfter != null) {
            result.putObject("paging").putObject("next").put("after", nextAfter).put("link", "?after=" + nextAfter);
        }
        return result;
    }

    /** The request's ids (in order, duplicates merged) with their {@code after}, or IllegalArgumentException. */
    private static Map<String, String> inputs(byte[] requestBody) {
        JsonNode root;
        try {
            root = Answer.JSON.readTree(requestBody);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid input JSON on line 1: the body is not valid JSON.");
        }
        JsonNode inputs = root == null ? null : root.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw new IllegalArgumentException("Invalid input JSON: 'inputs' must be an array of {\"id\": ...}.");
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode input : inputs) {
            JsonNode id = input.get("id");
            if (id == null || id.isNull() || id.isContainerNode()) {
                throw new IllegalArgumentException("Invalid input JSON: every input needs an 'id'.");
            }
            JsonNode after = input.get("after");
            ids.putIfAbsent(id.asText(), after == null || after.isNull() ? null : after.asText());
        }
        return ids;
    }
}
