package com.associationenricher.events;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * Wraps a registry so that an outage costs one network attempt per back-off step, not one per record: after a failure
 * saying the registry is unavailable, calls fail at once until the next attempt is due (doubling from
 * {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF}); the first answer resets it. Answers are cached here (ids and
 * schemas never change), so registered subjects and known schema ids keep working throughout an outage. {@link #isAvailable()} feeds the
 * readiness endpoint.
 */
public final class OutageAwareSchemaRegistry implements SchemaRegistry {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final SchemaRegistry registry;
    private final SchemaCache cache = new SchemaCache();
    private final Clock clock;
    private long nextAttemptAt;
    private long backoffMs;
    private SchemaRegistryUnavailableException lastFailure;

    public OutageAwareSchemaRegistry(SchemaRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public OutageAwareSchemaRegistry(SchemaRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    @Override
    public int register(String subject, Schema schema) {
        return cache.id(subject, schema, () -> call(() -> registry.register(subject, schema)));
    }

    @Override
    public Schema schemaById(int id) {
        return cache.schema(id, () -> call(() -> registry.schemaById(id)));
    }

    /** False from a failed attempt until the next successful one. */
    public synchronized boolean isAvailable() {
        return lastFailure == null;
    }

    private <T> T call(Supplier<T> request) {
        SchemaRegistryUnavailableException waiting = failFast();
        if (waiting != null) {
            throw waiting;
        }
        try {
            T answer = request.get();
            recovered();
            return answer;
        } catch (SchemaRegistryUnavailableException e) {
            failed(e);
            throw e;
        }
    }

    private synchronized SchemaRegistryUnavailableException failFast() {
        if (lastFailure == null || clock.millis() >= nextAttemptAt) {
            return null;
        }
        return new SchemaRegistryUnavailableException("Schema Registry unavailable, next attempt in "
                + (nextAttemptAt - clock.millis()) + " ms; last failure: " + lastFailure.getMessage(), lastFailure.errorCode(), lastFailure);
    }

    private synchronized void recovered() {
        lastFailure = null;
        backoffMs = 0;
    }

    private synchronized void failed(SchemaRegistryUnavailableException e) {
        lastFailure = e;
        backoffMs = backoffMs == 0 ? FIRST_BACKOFF.toMillis() : Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        nextAttemptAt = clock.millis() + backoffMs;
    }
}
