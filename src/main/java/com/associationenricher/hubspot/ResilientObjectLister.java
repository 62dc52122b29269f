package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lists one portal's objects, page by page, through the same {@link PortalCalls} policies as the enricher's
 * batch/read (token refresh, in-call retries with Retry-After, circuit breaker, bulkhead, timeout, DAILY and 477
 * pauses), paced by a {@link PortalPacer} of its own budget ({@code backfill.rate-limit.requests} per
 * {@code hubspot.rate-limit.period}) so a backfill leaves the rest of the portal's budget to the live enricher.
 */
public final class ResilientObjectLister {

    private final long portalId;
    private final ObjectListClient client;
    private final PortalCalls calls;
    private final ResilienceSettings settings;
    private final LongAdder httpCalls = new LongAdder();

    private ResilientObjectLister(long portalId, ObjectListClient client, PortalCalls calls, ResilienceSettings settings) {
        this.portalId = portalId;
        this.client = client;
        this.calls = calls;
        this.settings = settings;
    }

    /**
     * @param settings       the portal's resilience settings with the listing's own rate limit
     *                       ({@link ResilienceSettings#withRateLimit})
     * @param dailyResetZone the portal's time zone for its daily limit; null: learnt from account-info when needed
     */
    public static ResilientObjectLister create(long portalId, URI baseUrl, TokenProvider tokens, ResilienceSettings settings,
            SharedCallLimits shared, HttpClient http, Clock clock, ZoneId dailyResetZone) {
        PortalPacer pacer = new PortalPacer(portalId, settings, shared.scheduler(), shared.metrics(), clock);
        AssociationsApi api = settings.api() == AssociationsApi.V2026_03 ? AssociationsApi.V2026_03 : AssociationsApi.V3;
        ObjectListClient client = new ObjectListClient(baseUrl, tokens, settings.requestTimeout(), http, pacer, clock,
                dailyResetZone, api);
        PortalCalls calls = PortalCalls.create(portalId, baseUrl, tokens, settings, pacer, shared, http, clock, dailyResetZone);
        return new ResilientObjectLister(portalId, client, calls, settings);
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
        return calls.<ListCallResult>execute(1, token -> {
                    httpCalls.increment();
                    return client.call(token, objectType, after, archived);
                })
                .thenApply(ResilientObjectLister::listing)
                .exceptionally(error -> new ObjectListing.Failed(
                        "unexpected error listing objects (" + AsyncErrors.unwrap(error).getClass().getSimpleName() + ")", true));
    }

    /**
     * How many live objects of the type HubSpot holds (the search API's {@code total}), for an ETA; empty when HubSpot
     * would not say. One call through the same policies; never fails.
     */
    public CompletableFuture<OptionalLong> count(String objectType) {
        return calls.<ListCallResult>execute(1, token -> {
                    httpCalls.increment();
                    return client.count(token, objectType);
                })
                .thenApply(verdict -> verdict instanceof PortalVerdict.Answered<ListCallResult> answered
                        && answered.answer().failure() == null && answered.answer().total() != null
                        ? OptionalLong.of(answered.answer().total()) : OptionalLong.empty())
                .exceptionally(error -> OptionalLong.empty());
    }

    private static ObjectListing listing(PortalVerdict<ListCallResult> verdict) {
        if (verdict instanceof PortalVerdict.Wait<ListCallResult> wait) {
            return new ObjectListing.Unavailable(wait.until(), wait.message());
        }
        if (verdict instanceof PortalVerdict.Unanswered<ListCallResult> unanswered) {
            return new ObjectListing.Failed(unanswered.detail().message(), !unanswered.permanent());
        }
        ListCallResult answer = ((PortalVerdict.Answered<ListCallResult>) verdict).answer();
        CallFailure failure = answer.failure();
        if (failure == null) {
            return answer.page();
        }
        if (failure.kind() == CallFailure.Kind.FORBIDDEN) {
            List<String> scopes = answer.detail() == null ? List.of() : answer.detail().missingScopes();
            return new ObjectListing.Forbidden(scopes, failure.message());
        }
        return new ObjectListing.Failed(failure.message(), failure.retryable());
    }

    @Override
    public String toString() {
        return "ResilientObjectLister[portal=" + portalId + ", pace=" + settings.rateLimitRequests() + "/"
                + settings.rateLimitPeriod() + ", client=" + client + "]";
    }
}
