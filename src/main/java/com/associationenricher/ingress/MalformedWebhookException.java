package com.associationenricher.ingress;

/** A request body that is not a HubSpot webhook batch; the message is short and never quotes the body. */
public final class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String reason) {
        super(reason);
    }
}
