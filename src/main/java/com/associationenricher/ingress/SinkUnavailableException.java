package com.associationenricher.ingress;

/** Events not (all) stored in time: the webhook request must be answered so that HubSpot retries it. */
public final class SinkUnavailableException extends RuntimeException {

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
