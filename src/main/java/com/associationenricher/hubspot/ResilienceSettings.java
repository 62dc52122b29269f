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
record ResilienceSettings(
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
        return builder()
                .api(hubspot.associationsApi(), hubspot.completeTruncated())
                .rateLimit(hubspot.rateLimitRequests(), period, pacingWait)
                .timeouts(hubspot.requestTimeout(), hubspot.requestTimeout())
                .retries(hubspot.retryMaxRetries(), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .breaker(5, 10, hubspot.circuitOpenFor(), 1)
                .dailyLimitPause(hubspot.dailyLimitPause())
                .build();
    }

    /** Production's fixed choices (10 % reserve, 1 s to 30 s backoff, 5 failures in 10 open the circuit) and defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ResilienceSettings withApi(AssociationsApi newApi, boolean complete) {
        return toBuilder().api(newApi, complete).build();
    }

    public ResilienceSettings withRateLimit(int requests, Duration period, Duration maxWait) {
        return toBuilder().rateLimit(requests, period, maxWait).build();
    }

    public ResilienceSettings withReserveFraction(double fraction) {
        return toBuilder().reserveFraction(fraction).build();
    }

    public ResilienceSettings withTimeouts(Duration request, Duration bulkheadWait) {
        return toBuilder().timeouts(request, bulkheadWait).build();
    }

    public ResilienceSettings withRetries(int retries, Duration min, Duration max, Duration step) {
        return toBuilder().retries(retries, min, max, step).build();
    }

    public ResilienceSettings withBreaker(int failures, int window, Duration delay, int probes) {
        return toBuilder().breaker(failures, window, delay, probes).build();
    }

    public ResilienceSettings withDailyLimitPause(Duration pause) {
        return toBuilder().dailyLimitPause(pause).build();
    }

    /** Builds {@link ResilienceSettings} by concern; {@link #build()} validates. */
    public static final class Builder {
        private AssociationsApi api = AssociationsApi.V3;
        private boolean completeTruncated;
        private int rateLimitRequests = 100;
        private Duration rateLimitPeriod = Duration.ofSeconds(10);
        private Duration maxPacingWait = Duration.ofSeconds(30);
        private double reserveFraction = 0.1;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration bulkheadMaxWait = Duration.ofSeconds(10);
        private int maxRetries = 3;
        private Duration backoffMin = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration rateLimitedStep = Duration.ofSeconds(10);
        private int breakerFailures = 5;
        private int breakerWindow = 10;
        private Duration breakerDelay = Duration.ofSeconds(30);
        private int breakerProbes = 1;
        private Duration dailyLimitPause = Duration.ofHours(1);

        private Builder() {
        }

        private Builder(ResilienceSettings s) {
            api(s.api, s.completeTruncated).rateLimit(s.rateLimitRequests, s.rateLimitPeriod, s.maxPacingWait)
                    .reserveFraction(s.reserveFraction).timeouts(s.requestTimeout, s.bulkheadMaxWait)
                    .retries(s.maxRetries, s.backoffMin, s.backoffMax, s.rateLimitedStep)
                    .breaker(s.breakerFailures, s.breakerWindow, s.breakerDelay, s.breakerProbes)
                    .dailyLimitPause(s.dailyLimitPause);
        }

        public Builder api(AssociationsApi newApi, boolean complete) {
            this.api = newApi;
            this.completeTruncated = complete;
            return this;
        }

        public Builder rateLimit(int requests, Duration period, Duration maxWait) {
            this.rateLimitRequests = requests;
            this.rateLimitPeriod = period;
            this.maxPacingWait = maxWait;
            return this;
        }

        public Builder reserveFraction(double fraction) {
            this.reserveFraction = fraction;
            return this;
        }

        public Builder timeouts(Duration request, Duration bulkheadWait) {
            this.requestTimeout = request;
            this.bulkheadMaxWait = bulkheadWait;
            return this;
        }

        public Builder retries(int retries, Duration min, Duration max, Duration step) {
            this.maxRetries = retries;
            this.backoffMin = min;
            this.backoffMax = max;
            this.rateLimitedStep = step;
            return this;
        }

        public Builder breaker(int failures, int window, Duration delay, int probes) {
            this.breakerFailures = failures;
            this.breakerWindow = window;
            this.breakerDelay = delay;
            this.breakerProbes = probes;
            return this;
        }

        public Builder dailyLimitPause(Duration pause) {
            this.dailyLimitPause = pause;
            return this;
        }

        public ResilienceSettings build() {
            return new ResilienceSettings(api, completeTruncated, rateLimitRequests, rateLimitPeriod, maxPacingWait,
                    reserveFraction, requestTimeout, bulkheadMaxWait, maxRetries, backoffMin, backoffMax, rateLimitedStep,
                    breakerFailures, breakerWindow, breakerDelay, breakerProbes, dailyLimitPause);
        }
    }

    /** The spacing of two calls at the configured pace. */
    Duration slot() {
        return rateLimitPeriod.dividedBy(rateLimitRequests);
    }
}
