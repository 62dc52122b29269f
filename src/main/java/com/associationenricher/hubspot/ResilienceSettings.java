package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.config.HubSpotSettings;
import java.time.Duration;

/**
 * Every number the resilient reader's policies use, in one value so tests can shrink the durations (a breaker delay
 * of 300 ms instead of 30 s) and production takes them from the configuration ({@link #from}).
 *
 * @param rateLimitRequests requests per {@code rateLimitPeriod}, this instance's share of the portal's budget
 * @param maxPacingWait     longest a call may queue for a rate-limit permit; beyond it the portal is deferred
 * @param reserveFraction   when HubSpot reports fewer than this fraction of its window remaining, calls slow down
 * @param bulkheadMaxWait   longest a call may wait for a free slot among the process's concurrent calls
 * @param maxRetries        in-call retries of RETRY-kind failures before the ids return to the store as transient
 * @param backoffMin        first backoff; doubled per retry (equal jitter), at most {@code backoffMax}
 * @param rateLimitedStep   429 without Retry-After waits {@code step × attempt} (HubSpot's SDK practice), capped
 * @param breakerFailures   failures among the last {@code breakerWindow} calls that open the circuit
 * @param breakerDelay      how long the circuit stays open before a probe
 * @param breakerProbes     successful probes that close a half-open circuit
 * @param dailyLimitPause   the longest a daily limit or migration (477) defers a portal
 */
public record ResilienceSettings(
        AssociationsApi api,
        boolean completeTruncated,
        int rateLimitRequests,
        Duration rateLimitPeriod,
        Duration maxPacingWait,
        double reserveFraction,
        Duration requestTimeout,
        Duration bulkheadMaxWait,
        int maxRetries,
        Duration backoffMin,
        Duration backoffMax,
        Duration rateLimitedStep,
        int breakerFailures,
        int breakerWindow,
        Duration breakerDelay,
        int breakerProbes,
        Duration dailyLimitPause) {

    public ResilienceSettings {
        if (rateLimitRequests < 1 || breakerFailures < 1 || breakerWindow < breakerFailures || breakerProbes < 1
                || maxRetries < 0 || !(reserveFraction >= 0 && reserveFraction < 1)) {
            throw new IllegalArgumentException("invalid resilience settings: " + ResilienceSettings.class.getSimpleName()
                    + "[requests=" + rateLimitRequests + ", breaker=" + breakerFailures + "/" + breakerWindow
                    + ", probes=" + breakerProbes + ", retries=" + maxRetries + ", reserve=" + reserveFraction + "]");
        }
    }

    public static ResilienceSettings from(HubSpotSettings hubspot) {
        Duration period = hubspot.rateLimitPeriod();
        Duration pacingWait = period.multipliedBy(3).compareTo(hubspot.requestTimeout()) > 0
                ? period.multipliedBy(3) : hubspot.requestTimeout();
        return new ResilienceSettings(hubspot.associationsApi(), hubspot.completeTruncated(),
                hubspot.rateLimitRequests(), period, pacingWait, 0.1,
                hubspot.requestTimeout(), hubspot.requestTimeout(),
                hubspot.retryMaxRetries(), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10),
                5, 10, hubspot.circuitOpenFor(), 1, hubspot.dailyLimitPause());
    }

    public ResilienceSettings withApi(AssociationsApi newApi, boolean complete) {
        return new ResilienceSettings(newApi, complete, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                reserveFraction, requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                breakerFailures, breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
    }

    public ResilienceSettings withRateLimit(int requests, Duration period, Duration maxWait) {
        return new ResilienceSettings(api, completeTruncated, requests, period, maxWait, reserveFraction,
                requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep, breakerFailures,
                breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
    }

    public ResilienceSettings withReserveFraction(double fraction) {
        return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                fraction, requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                breakerFailures, breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
    }

    public ResilienceSettings withTimeouts(Duration request, Duration bulkheadWait) {
        return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                reserveFraction, request, bulkheadWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                breakerFailures, breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
    }

    public ResilienceSettings withRetries(int retries, Duration min, Duration max, Duration step) {
        return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                reserveFraction, requestTimeout, bulkheadMaxWait, retries, min, max, step, breakerFailures,
                breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
    }

    public ResilienceSettings withBreaker(int failures, int window, Duration delay, int probes) {
        return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                reserveFraction, requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                failures, window, delay, probes, dailyLimitPause);
    }

    public ResilienceSettings withDailyLimitPause(Duration pause) {
        return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                reserveFraction, requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                breakerFailures, breakerWindow, breakerDelay, breakerProbes, pause);
    }

    /** The spacing of two calls at the configured pace. */
    Duration slot() {
        return rateLimitPeriod.dividedBy(rateLimitRequests);
    }
}
