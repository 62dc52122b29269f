package com.associationenricher.ingress;

import java.util.Locale;

/** How a webhook request ended, with the HTTP status HubSpot sees: it retries 5xx (and 429), not 4xx. */
public enum IngressOutcome {
    ACCEPTED(200),
    METHOD_NOT_ALLOWED(405),
    NOT_FOUND(404),
    TOO_LARGE(413),
    /** The body did not arrive within {@code ingress.read-timeout}. */
    READ_TIMEOUT(408),
    UNAUTHORIZED(401),
    MALFORMED(400),
    KAFKA_UNAVAILABLE(503),
    /** A bug of ours: 500, which HubSpot retries. */
    INTERNAL_ERROR(500),
    /** Every worker busy and the queue full: 503, so HubSpot retries later. */
    SATURATED(503),
    /** Shutting down: 503, so HubSpot retries against another instance or after the restart. */
    STOPPING(503);

    private final int status;

    IngressOutcome(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The metric tag value, e.g. {@code kafka_unavailable}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
