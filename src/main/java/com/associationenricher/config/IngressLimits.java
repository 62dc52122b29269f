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

    /** Read and validated with the other ingress keys; a bad value is a problem naming its key. */
    static IngressLimits read(ConfigValues values) {
        Duration idle = values.positiveDuration(ConfigKeys.INGRESS_IDLE_TIMEOUT);
        Duration read = values.positiveDuration(ConfigKeys.INGRESS_READ_TIMEOUT);
        Integer workers = values.integer(ConfigKeys.INGRESS_WORKER_THREADS, 1, 1_000);
        Integer queued = values.integer(ConfigKeys.INGRESS_MAX_QUEUED_REQUESTS, 0, 100_000);
        return values.hasProblems() ? null : new IngressLimits(idle, read, workers, queued);
    }
}
