package com.associationenricher.dlq;

import java.time.Duration;

/**
 * The Kafka cluster did not answer a tool within its wait; the message is the one line an operator sees. The client's
 * own timeout is kept as a suppressed exception (for {@code ENRICHER_DEBUG} stack traces), not as the cause, so the
 * one-line report does not grow the client's less helpful wording.
 */
public class KafkaUnreachableException extends RuntimeException {

    public KafkaUnreachableException(String bootstrapServers, Duration waited, Throwable cause) {
        super("cannot reach Kafka at " + bootstrapServers + " within " + seconds(waited));
        if (cause != null) {
            addSuppressed(cause);
        }
    }

    private static String seconds(Duration waited) {
        return waited.toMillis() % 1000 == 0 ? waited.toSeconds() + "s" : waited.toMillis() + "ms";
    }
}
