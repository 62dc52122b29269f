package com.associationenricher.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.avro.Schema;

/** Edited copies of a schema, standing in for older or broken versions of it. */
final class SchemaVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaVariants() {
    }

    /** {@code schema} without the named top-level fields. */
    static Schema withoutFields(Schema schema, String... fieldNames) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
            ArrayNode fields = (ArrayNode) root.get("fields");
            Set<String> dropped = Set.of(fieldNames);
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (dropped.contains(fields.get(i).get("name").asText())) {
                    fields.remove(i);
                }
            }
            return new Schema.Parser().parse(root.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot edit schema " + schema.getFullName(), e);
        }
    }
}
