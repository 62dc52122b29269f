package com.associationenricher.pipeline;

import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.SchemaRegistryUnavailableException;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.PendingLookup;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the schema of every topic the enricher writes (output, dead letters, its repartition topic and changelog)
 * before the stream starts, retrying with back-off while the registry is unavailable. Serializers then find every id in
 * the registry client's cache, so a registry outage later never fails a send, and an outage at start-up only delays
 * the start (the instance is not ready meanwhile) instead of killing stream threads.
 */
final class OutputSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSchemas.class);
    /** The lookup batcher's changelogged store ({@code batching.PendingLookups.STORE}, package-private there). */
    static final String PENDING_LOOKUPS_STORE = "pending-lookups";

    private OutputSchemas() {
    }

    static Map<String, Schema> subjects(String applicationId, String outputTopic, String deadLetterTopic) {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(outputTopic + "-value", AssociationEvent.getClassSchema());
        subjects.put(deadLetterTopic + "-value", AssociationDeadLetter.getClassSchema());
        subjects.put(applicationId + "-" + EnricherTopology.REPARTITION + "-repartition-value", CrmObjectChangeEvent.getClassSchema());
        subjects.put(applicationId + "-" + PENDING_LOOKUPS_STORE + "-changelog-value", PendingLookup.getClassSchema());
        return subjects;
    }

    /** Blocks until every subject is registered, or {@code abandoned} says the service is closing. */
    static void register(SchemaRegistry registry, Map<String, Schema> subjects, BooleanSupplier abandoned) {
        RetryPolicy<Object> untilAnswered = RetryPolicy.builder()
                .handle(SchemaRegistryUnavailableException.class)
                .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(10))
                .withMaxRetries(-1)
                .abortIf((result, failure) -> abandoned.getAsBoolean())
                .onRetry(event -> LOG.warn("Schema Registry unavailable at start-up (attempt {}); not ready, retrying: {}",
                        event.getAttemptCount(), event.getLastException().getMessage()))
                .build();
        subjects.forEach((subject, schema) -> Failsafe.with(untilAnswered).run(() -> registry.register(subject, schema)));
    }
}
