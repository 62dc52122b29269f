package com.associationenricher.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A Schema Registry inside the JVM, selected with {@code mock://<scope>}. There is one instance per scope name, so a
 * demo's producer and the Streams application configured with the same URL agree on ids, while tests that use
 * different scopes stay apart. Like Confluent's registry, ids are global and start at 1, the same schema gets the same
 * id under every subject, and a new version must be BACKWARD compatible with the subject's latest (409 otherwise).
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();

    private InMemorySchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry shared by everything in this JVM that names {@code scope}. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer known = idsBySchema.get(schema);
        if (known != null && versions.contains(schema)) {
            return known;
        }
        if (!versions.isEmpty()) {
            Schema latest = versions.get(versions.size() - 1);
            var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getResult();
            if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException(String.format(
                        "Schema Registry mock://%s: registering a schema under subject '%s' failed: %s (error code 409): %s",
                        scope, subject, RegistryErrors.meaning(409, 409), result.getIncompatibilities()), 409);
            }
        }
        versions.add(schema);
        if (known != null) {
            return known;
        }
        schemasById.add(schema);
        int id = schemasById.size();
        idsBySchema.put(schema, id);
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException(String.format("Schema Registry mock://%s: looking up schema id %d failed: %s (error code 40403)",
                    scope, id, RegistryErrors.meaning(40403, 404)), 40403);
        }
        return schemasById.get(id - 1);
    }

    /** The subjects registered so far, in no particular order. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry[mock://" + scope + "]";
    }
}
