package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import dev.failsafe.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portal's HubSpot reader that survives the real API: its batch/read calls go through the portal's policies
 * ({@link PortalCalls}: pacing, bulkhead, timeout, in-call retries, circuit breaker, pauses), batches are read to the
 * end by {@link CompleteBatchReader} (split when rejected, paged, completed), and each call's verdict becomes one
 * outcome per id ({@link BatchCallOutcomes}).
 *
 * <p>RETRY-kind failures whose in-call budget is spent come back {@link IdOutcome.Transient}: the pipeline keeps the
 * ids, retries them later with its own backoff and dead-letters them after {@code hubspot.max-attempts} such rounds.
 * Failures that waiting cannot fix soon (daily limit, long Retry-After, 477, open circuit, full bulkhead) come back
 * {@link IdOutcome.Deferred}: no attempt is counted, nothing is dead-lettered.
 */
final class ResilientAssociationsReader implements AssociationsReader {

    private static final Logger log = LoggerFactory.getLogger(ResilientAssociationsReader.class);

    private final long portalId;
    private final HubSpotAssociationsClient client;
    private final ResilienceSettings settings;
    private final PortalCalls calls;
    private final CompleteBatchReader batches;
    private final PortalPacer pacer;
    /** Calls whose first attempt uses a permit the caller already holds (by identity: split parts and pages do not). */
    private final Set<BatchReadRequest> prepaid = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private ResilientAssociationsReader(long portalId, HubSpotAssociationsClient client, ResilienceSettings settings,
            PortalCalls calls, PortalPacer pacer, HubSpotCallMetrics metrics) {
        this.portalId = portalId;
        this.pacer = pacer;
        this.client = client;
        this.settings = settings;
        this.calls = calls;
        this.batches = new CompleteBatchReader((request, api, after) -> calls.<HttpCallResult>execute(request.objectIds().size(), prepaid.remove(request),
                token -> client.call(request, api, after, token)).thenApply(verdict -> BatchCallOutcomes.of(request, verdict)),
                settings.api(), settings.completeTruncated(), metrics);
    }

    /**
     * A reader for one portal, with its own client, pacer and circuit breaker, sharing {@code shared}.
     *
     * @param dailyResetZone the portal's time zone, or null to learn it from account-info at its first daily limit
     */
    static ResilientAssociationsReader create(long portalId, URI baseUrl, TokenProvider tokens,
            ResilienceSettings settings, SharedCallLimits shared, HttpClient http, Clock clock, ZoneId dailyResetZone) {
        PortalPacer pacer = new PortalPacer(portalId, settings, shared.scheduler(), shared.metrics(), clock, shared::budgetShare);
        HubSpotAssociationsClient client = new HubSpotAssociationsClient(baseUrl, tokens, settings.requestTimeout(), http,
                pacer, clock, dailyResetZone != null ? dailyResetZone : ZoneOffset.UTC, settings.api());
        PortalCalls calls = PortalCalls.create(portalId, baseUrl, tokens, settings, pacer, shared, http, clock, dailyResetZone);
        return new ResilientAssociationsReader(portalId, client, settings, calls, pacer, shared.metrics());
    }

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        CompletableFuture<BatchReadResult> read;
        try {
            read = batches.read(request);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.exceptionally(error -> {
            Throwable cause = AsyncErrors.unwrap(error);
            log.warn("portal {}: unexpected error reading associations: {}", portalId, cause.getClass().getName());
            return BatchReadResult.all(request, new IdOutcome.Transient(FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED,
                    null, "unexpected error in the HubSpot client (" + cause.getClass().getSimpleName() + ")")));
        });
    }

    @Override
    public CompletableFuture<Void> permit(long portal) {
        return pacer.acquire();
    }

    @Override
    public CompletableFuture<BatchReadResult> readWithPermit(BatchReadRequest request) {
        prepaid.add(request);
        return read(request).whenComplete((result, error) -> prepaid.remove(request));
    }

    /** False while the portal's circuit is open. */
    @Override
    public boolean available() {
        return !circuitBreaker().isOpen();
    }

    /** The portal's policies, for another kind of call of the same portal (they share pacer, retries, circuit). */
    PortalCalls calls() {
        return calls;
    }

    CircuitBreaker<ClassifiedAnswer> circuitBreaker() {
        return calls.circuitBreaker();
    }

    @Override
    public String toString() {
        return "ResilientAssociationsReader[portal=" + portalId + ", api=" + settings.api().configValue()
                + ", pace=" + settings.rateLimitRequests() + "/" + settings.rateLimitPeriod() + ", client=" + client + "]";
    }
}
