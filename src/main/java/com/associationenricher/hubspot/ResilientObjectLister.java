package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.TimeoutExceededException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists one portal's objects, page by page, the way the enricher calls batch/read: paced by a {@link PortalPacer} of
 * its own budget ({@code backfill.rate-limit.requests} per {@code hubspot.rate-limit.period}, so a backfill leaves
 * the rest of the portal's budget to the live enricher), through {@link CallPolicies} (token refresh, retries with
 * Retry-After, circuit breaker, bulkhead, timeout). A DAILY limit pauses the portal until the window resets or
 * {@code hubspot.daily-limit-pause}; a 429 holds every later call until its Retry-After.
 */
public final class ResilientObjectLister {

    private static final Logger log = LoggerFactory.getLogger(ResilientObjectLister.class);

    private final long portalId;
    private final ObjectListClient client;
    private final TokenProvider tokens;
    private final ResilienceSettings settings;
    private final PortalPacer pacer;
    private final CallPolicies<ListCallResult> policies;
    private final HubSpotCallMetrics metrics;
    private final Clock clock;
    private final AtomicLong deferredUntil = new AtomicLong();
    private final LongAdder httpCalls = new LongAdder();

    private ResilientObjectLister(long portalId, ObjectListClient client, TokenProvider tokens, ResilienceSettings settings,
            PortalPacer pacer, SharedCallLimits shared, Clock clock) {
        this.portalId = portalId;
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.pacer = pacer;
        this.metrics = shared.metrics();
        this.clock = clock;
        this.policies = new CallPolicies<>(portalId, "object list", settings, shared, clock, ListCallResult::failure);
    }

    /**
     * @param settings the portal's resilience settings with the listing's own rate limit
     *                 ({@link ResilienceSettings#withRateLimit})
     */
    public static ResilientObjectLister create(long portalId, URI baseUrl, TokenProvider tokens, ResilienceSettings settings,
            SharedCallLimits shared, HttpClient http, Clock clock, ZoneId dailyResetZone) {
        PortalPacer pacer = new PortalPacer(portalId, settings, shared.scheduler(), shared.metrics(), clock);
        AssociationsApi api = settings.api() == AssociationsApi.V2026_03 ? AssociationsApi.V2026_03 : AssociationsApi.V3;
        ObjectListClient client = new ObjectListClient(baseUrl, tokens, settings.requestTimeout(), http, pacer, clock,
                dailyResetZone, api);
        return new ResilientObjectLister(portalId, client, tokens, settings, pacer, shared, clock);
    }

    public long portalId() {
        return portalId;
    }

    /** HTTP calls made so far (retries included). */
    public long httpCalls() {
        return httpCalls.sum();
    }

    /** One page of {@code objectType}'s live objects (or, {@code archived}, its recycle bin) from {@code after}. */
    public CompletableFuture<ObjectListing> page(String objectType, String after, boolean archived) {
        Instant now = clock.instant();
        long pausedUntil = deferredUntil.get();
        if (pausedUntil > now.toEpochMilli()) {
            return CompletableFuture.completedFuture(new ObjectListing.Unavailable(Instant.ofEpochMilli(pausedUntil),
                    "portal " + portalId + " is paused after HubSpot asked to wait"));
        }
        try {
            return policies.calls().getStageAsync(() -> attempt(objectType, after, archived))
                    .handle((result, error) -> settle(result, CallPolicies.unwrap(error)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new ObjectListing.Failed(
                    "unexpected error listing objects (" + e.getClass().getSimpleName() + ")", true));
        }
    }

    /**
     * How many live objects of the type HubSpot holds (the search API's {@code total}), for an ETA; empty when HubSpot
     * would not say. One call, paced and guarded like the others; never fails.
     */
    public CompletableFuture<OptionalLong> count(String objectType) {
        if (deferredUntil.get() > clock.instant().toEpochMilli()) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
        try {
            return policies.calls().getStageAsync(() -> tokens.ready()
                            .thenCompose(ready -> pacer.acquire())
                            .thenCompose(permit -> {
                                httpCalls.increment();
                                return policies.attempts().getStageAsync(() -> client.count(objectType));
                            }))
                    .handle((result, error) -> error == null && result.failure() == null && result.total() != null
                            ? OptionalLong.of(result.total()) : OptionalLong.empty());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
    }

    private CompletableFuture<ListCallResult> attempt(String objectType, String after, boolean archived) {
        return tokens.ready()
                .thenCompose(ready -> pacer.acquire())
                .thenCompose(permit -> {
                    long start = System.nanoTime();
                    httpCalls.increment();
                    return policies.attempts().getStageAsync(() -> client.call(objectType, after, archived))
                            .whenComplete((result, error) -> observe(result, CallPolicies.unwrap(error),
                                    Duration.ofNanos(System.nanoTime() - start)));
                });
    }

    private void observe(ListCallResult result, Throwable error, Duration latency) {
        if (error instanceof BulkheadFullException) {
            metrics.bulkheadRejection();
            return;
        }
        if (error != null) {
            metrics.call(error instanceof TimeoutExceededException ? "TIMEOUT" : "ERROR", latency);
            return;
        }
        CallFailure failure = result.failure();
        metrics.call(result.httpStatus() != null ? Integer.toString(result.httpStatus())
                : failure != null ? failure.kind().name() : "NONE", latency);
        if (failure != null && failure.kind() == CallFailure.Kind.RATE_LIMITED) {
            metrics.rateLimited(failure.policyName());
            if (failure.retryAfter() != null) {
                pacer.holdUntil(failure.retryAfter());
            } else {
                pacer.holdFor(settings.rateLimitPeriod().dividedBy(10));
            }
        }
    }

    private ObjectListing settle(ListCallResult result, Throwable error) {
        Instant now = clock.instant();
        if (error instanceof CircuitBreakerOpenException) {
            Duration remaining = policies.breaker().getRemainingDelay();
            return unavailable(now.plus(remaining.compareTo(settings.slot()) > 0 ? remaining : settings.slot()),
                    "circuit breaker open for portal " + portalId + " after repeated HubSpot failures", "circuit");
        }
        if (error instanceof PacingBacklogException backlog) {
            return unavailable(now.plus(settings.rateLimitPeriod()), backlog.getMessage(), "backlog");
        }
        if (error instanceof TokenRefreshException refresh) {
            return new ObjectListing.Failed(refresh.getMessage(), !refresh.permanent());
        }
        if (error != null) {
            return new ObjectListing.Failed(error instanceof TimeoutExceededException
                    ? "no answer from HubSpot within " + settings.requestTimeout() + ", " + (settings.maxRetries() + 1) + " attempts"
                    : "unexpected error listing objects (" + error.getClass().getSimpleName() + ")", true);
        }
        CallFailure failure = result.failure();
        if (failure == null) {
            return result.page();
        }
        if (failure.kind() == CallFailure.Kind.FORBIDDEN) {
            List<String> scopes = result.detail() == null ? List.of() : result.detail().missingScopes();
            return new ObjectListing.Forbidden(scopes, failure.message());
        }
        boolean longWait = failure.kind().action() == CallFailure.Action.DEFER
                || (failure.retryable() && RetryDelays.tooLongToWait(failure, now, settings));
        if (longWait && failure.retryAfter() != null || failure.kind() == CallFailure.Kind.DAILY_LIMIT) {
            Instant cap = now.plus(settings.dailyLimitPause());
            Instant until = failure.retryAfter() != null && failure.retryAfter().isBefore(cap) ? failure.retryAfter() : cap;
            if (failure.kind() == CallFailure.Kind.DAILY_LIMIT || failure.kind() == CallFailure.Kind.MIGRATION) {
                deferredUntil.accumulateAndGet(until.toEpochMilli(), Math::max);
            }
            log.warn("portal {}: HubSpot asks to wait ({}), listing paused until {}", portalId, failure.kind(), until);
            return unavailable(until, failure.message(), failure.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new ObjectListing.Failed(failure.message(), failure.retryable() || failure.kind().action() == CallFailure.Action.DEFER);
    }

    private ObjectListing unavailable(Instant until, String message, String cause) {
        metrics.deferral(cause);
        return new ObjectListing.Unavailable(until, message);
    }

    @Override
    public String toString() {
        return "ResilientObjectLister[portal=" + portalId + ", pace=" + settings.rateLimitRequests() + "/"
                + settings.rateLimitPeriod() + ", client=" + client + "]";
    }
}
