package com.associationenricher.events;

import org.apache.avro.Schema;

/**
 * Where Avro schemas get their ids: the Confluent wire format carries only the id, so producers register the
 * writer schema under a subject and consumers look the writer schema up by id. Implementations cache in both
 * directions, so the hot path of a serde touches the network at most once per (subject, schema) and per id.
 * Failures are unchecked {@link SchemaRegistryException}s naming the subject or id and the registry.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (or finds it if already registered) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema registered with this global id. */
    Schema schemaById(int id);
}
