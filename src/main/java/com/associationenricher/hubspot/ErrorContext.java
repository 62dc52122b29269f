package com.associationenricher.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an error's {@code context} into the dead letter's {@code map<string, array<string>>}, whatever shape HubSpot
 * used: {@code {"k":["a","b"]}}, {@code {"k":"a"}}, or a whole string in Java's {@code Map.toString} form
 * {@code "{k=[a, b], k2=c}"} (seen in HubSpot's own reference for batch/read).
 */
final class ErrorContext {

    private ErrorContext() {
    }

    static Map<String, List<String>> parse(JsonNode context) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (context == null || context.isNull() || context.isMissingNode()) {
            return map;
        }
        if (context.isTextual()) {
            return parseText(context.asText());
        }
        if (context.isObject()) {
            context.fields().forEachRemaining(field -> map.put(field.getKey(), values(field.getValue())));
        }
        return map;
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> values.addAll(values(element)));
        } else if (node.isTextual()) {
            values.addAll(splitList(node.asText()));
        } else if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        } else if (node.isObject()) {
            values.add(node.toString());
        }
        return values;
    }

    /** {@code "{missingScopes=[scope1, scope2], other=x}"}: keys end at '=', a value is a bracketed list or runs to the next comma. */
    static Map<String, List<String>> parseText(String text) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        String body = text.strip();
        if (body.startsWith("{") && body.endsWith("}")) {
            body = body.substring(1, body.length() - 1);
        }
        int i = 0;
        while (i < body.length()) {
            int equals = body.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String key = body.substring(i, equals).strip();
            int valueStart = equals + 1;
            int valueEnd;
            if (valueStart < body.length() && body.charAt(valueStart) == '[') {
                int close = body.indexOf(']', valueStart);
                valueEnd = close < 0 ? body.length() : close + 1;
            } else {
                int comma = body.indexOf(',', valueStart);
                valueEnd = comma < 0 ? body.length() : comma;
            }
            if (!key.isEmpty()) {
                map.put(key, splitList(body.substring(valueStart, valueEnd)));
            }
            int nextComma = body.indexOf(',', valueEnd);
            i = nextComma < 0 ? body.length() : nextComma + 1;
        }
        return map;
    }

    /** {@code "[a, b]"} -> [a, b]; a plain string stays one value. */
    private static List<String> splitList(String value) {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            return Arrays.stream(v.substring(1, v.length() - 1).split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        return v.isEmpty() ? List.of() : List.of(v);
    }
}
