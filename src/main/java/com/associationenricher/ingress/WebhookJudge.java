package com.associationenricher.ingress;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;
import java.util.Map;

/**
 * Decides a received webhook request: signature (401), content (400), then stores its events, answering 200 only
 * once Kafka acknowledged every one (else 503). Runs on a worker thread: storing may wait up to
 * {@code ingress.kafka-timeout}.
 */
final class WebhookJudge {

    private final SignatureVerifier verifier;
    private final ChangeEventSink sink;
    private final IngressMetrics metrics;
    private final int maxEvents;

    WebhookJudge(SignatureVerifier verifier, ChangeEventSink sink, IngressMetrics metrics, int maxEvents) {
        this.verifier = verifier;
        this.sink = sink;
        this.metrics = metrics;
        this.maxEvents = maxEvents;
    }

    RequestAnswer judge(String signedUri, Map<String, String> signatureHeaders, byte[] body) {
        SignatureCheck check = verifier.verify(new SignedRequest("POST", signedUri, body, signatureHeaders));
        if (!check.valid()) {
            return new RequestAnswer(IngressOutcome.UNAUTHORIZED, check.reason(), body.length);
        }
        List<CrmObjectChangeEvent> events;
        try {
            events = WebhookBatch.read(body, maxEvents);
        } catch (MalformedWebhookException e) {
            return new RequestAnswer(IngressOutcome.MALFORMED, e.getMessage(), body.length);
        }
        try {
            sink.publish(events);
        } catch (SinkUnavailableException e) {
            return new RequestAnswer(IngressOutcome.KAFKA_UNAVAILABLE, e.getMessage(), body.length);
        }
        metrics.eventsProduced(events.size());
        return new RequestAnswer(IngressOutcome.ACCEPTED, events.size() + " events", body.length);
    }
}
