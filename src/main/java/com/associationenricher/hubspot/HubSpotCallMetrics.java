package com.associationenricher.hubspot;

import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The HubSpot client's meters. Tags are bounded: HTTP status or failure kind, 429 policy, portal id (a handful, from
 * the configuration), never an object id.
 */
final class HubSpotCallMetrics {

    static final String CALLS = "enricher.hubspot.calls";
    static final String RATE_LIMITED = "enricher.hubspot.rate.limited";
    static final String RETRIES = "enricher.hubspot.retries";
    static final String CIRCUIT_STATE = "enricher.hubspot.circuit.state";
    static final String PACING_WAIT = "enricher.hubspot.rate.limiter.wait";
    static final String BULKHEAD_REJECTIONS = "enricher.hubspot.bulkhead.rejections";
    static final String DEFERRALS = "enricher.hubspot.deferrals";
    static final String SPLITS = "enricher.hubspot.splits";
    static final String PAGES = "enricher.hubspot.pages";
    static final String TOKEN_REFRESHES = "enricher.hubspot.token.refreshes";

    private final MeterRegistry registry;

    public HubSpotCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One HTTP attempt; {@code status} is the HTTP status, or the failure kind when no answer arrived. */
    void call(String status, Duration latency) {
        Timer.builder(CALLS).description("HubSpot batch/read calls by answer").tag("status", status)
                .register(registry).record(latency);
    }

    void rateLimited(String policy) {
        registry.counter(RATE_LIMITED, "policy", policy == null ? "unknown" : policy).increment();
    }

    void retry(String kind) {
        registry.counter(RETRIES, "kind", kind).increment();
    }

    /** 0 closed, 1 half-open, 2 open. */
    void circuit(long portalId, CircuitBreaker<?> breaker) {
        registry.gauge(CIRCUIT_STATE, Tags.of("portal", Long.toString(portalId)), breaker,
                b -> b.isOpen() ? 2 : b.isHalfOpen() ? 1 : 0);
    }

    void pacingWait(long portalId, Duration waited) {
        Timer.builder(PACING_WAIT).description("time calls waited for a rate-limit permit")
                .tag("portal", Long.toString(portalId)).register(registry).record(waited);
    }

    void bulkheadRejection() {
        registry.counter(BULKHEAD_REJECTIONS).increment();
    }

    void deferral(String cause) {
        registry.counter(DEFERRALS, "cause", cause).increment();
    }

    void split() {
        registry.counter(SPLITS).increment();
    }

    void page() {
        registry.counter(PAGES).increment();
    }

    void tokenRefresh() {
        registry.counter(TOKEN_REFRESHES).increment();
    }
}
