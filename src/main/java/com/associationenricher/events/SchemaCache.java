package com.associationenricher.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The answers a registry client keeps: a registered (subject, schema) keeps its id and an id keeps its schema, so
 * each is asked once. The lookup runs outside any lock (it is a network call); when two threads race, the first
 * stored answer wins.
 */
final class SchemaCache {

    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    int id(String subject, Schema schema, IntSupplier register) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = register.getAsInt();
        Integer raced = idsBySubjectSchema.putIfAbsent(key, id);
        return raced != null ? raced : id;
    }

    Schema schema(int id, Supplier<Schema> lookup) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = lookup.get();
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /** A schema the registry just confirmed under this id (registering tells both). */
    void remember(int id, Schema schema) {
        schemasById.putIfAbsent(id, schema);
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
