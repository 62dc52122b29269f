package com.associationenricher.config;

import java.time.Duration;

/**
 * What one webhook client may cost the ingress: how long its connection may stay silent, how long its body may take
 * to arrive, and how many received requests are verified and stored at once ({@code workerThreads}) or wait for that
 * ({@code maxQueuedRequests}); beyond, a request is answered 503 at once, which HubSpot retries.
 */
public record IngressLimits(Duration idleTimeout, Duration readTimeout, int workerThreads, int maxQueuedRequests) {

    public static IngressLimits defaults() {
        return new IngressLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), 16, 64);
    }
}
