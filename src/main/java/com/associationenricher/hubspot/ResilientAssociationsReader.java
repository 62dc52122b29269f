package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.events.avro.DeadLetterReason;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portal's HubSpot reader that survives the real API: every call is paced by the portal's {@link PortalPacer},
 * limited by the process-wide bulkhead and a per-attempt timeout, retried in-call for a short budget, and guarded by
 * the portal's circuit breaker (Failsafe policies, all asynchronous). On top: batches HubSpot rejects as invalid or
 * too large are split until the bad ids are isolated, v4 / 2026-03 lists are paged to the end, and v3 lists cut at
 * 100 can be completed through v4.
 *
 * <p>Two levels of retry. In the call: RETRY-kind failures (429 burst, 423, 5xx, timeouts, broken or not-final
 * answers) are retried up to {@code maxRetries} times with backoff, so a blip costs seconds, not a trip through the
 * store. When that budget is spent the ids come back {@link IdOutcome.Transient}: the pipeline keeps them, retries
 * them later with its own backoff and dead-letters them after {@code hubspot.max-attempts} such rounds. Failures that
 * waiting cannot fix soon (daily limit, long Retry-After, 477, open circuit) come back {@link IdOutcome.Deferred}:
 * the portal pauses, no attempt is counted, nothing is dead-lettered.
 */
public final class ResilientAssociationsReader implements AssociationsReader {

    private static final Logger log = LoggerFactory.getLogger(ResilientAssociationsReader.class);
    private static final int MAX_PAGES = 1_000;

    private final long portalId;
    private final HubSpotAssociationsClient client;
    private final TokenProvider tokens;
    private final ResilienceSettings settings;
    private final PortalPacer pacer;
    private final CircuitBreaker<HttpCallResult> breaker;
    private final HubSpotCallMetrics metrics;
    private final Clock clock;
    private final FailsafeExecutor<HttpCallResult> calls;
    private final FailsafeExecutor<HttpCallResult> attempts;
    /** Epoch millis before which the portal is not called at all (daily limit, migration). */
    private final AtomicLong deferredUntil = new AtomicLong();
    /** Calls whose first attempt uses a permit the caller already holds (by identity: split parts and pages do not). */
    private final Set<BatchReadRequest> prepaid = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private ResilientAssociationsReader(long portalId, HubSpotAssociationsClient client, TokenProvider tokens,
            ResilienceSettings settings, PortalPacer pacer, SharedCallLimits shared, Clock clock) {
        this.portalId = portalId;
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.pacer = pacer;
        this.metrics = shared.metrics();
        this.clock = clock;
        this.breaker = CircuitBreaker.<HttpCallResult>builder()
                .handleIf((result, error) -> countsAgainstPortal(result, unwrap(error)))
                .withFailureThreshold(settings.breakerFailures(), settings.breakerWindow())
                .withDelay(settings.breakerDelay())
                .withSuccessThreshold(settings.breakerProbes())
                .onOpen(event -> log.warn("portal {}: HubSpot keeps failing, circuit open for {}", portalId, settings.breakerDelay()))
                .onHalfOpen(event -> log.info("portal {}: circuit half-open, probing HubSpot", portalId))
                .onClose(event -> log.info("portal {}: circuit closed, HubSpot answers again", portalId))
                .build();
        metrics.circuit(portalId, breaker);
        RetryPolicy<HttpCallResult> retry = RetryPolicy.<HttpCallResult>builder()
                .handleIf((result, error) -> retryable(result, unwrap(error)))
                .withMaxRetries(settings.maxRetries())
                .withDelayFn(context -> RetryDelays.delay(context.getAttemptCount(), context.getLastResult(),
                        clock.instant(), settings, ThreadLocalRandom.current()::nextDouble))
                .onRetry(event -> metrics.retry(kindOf(event.getLastResult(), unwrap(event.getLastException()))))
                .build();
        RetryPolicy<HttpCallResult> refreshOnce = RetryPolicy.<HttpCallResult>builder()
                .handleIf((result, error) -> error == null && result != null && result.failure() != null
                        && result.failure().kind() == CallFailure.Kind.UNAUTHORIZED)
                .withMaxRetries(1)
                // The client has already told the token provider to forget the token (invalidate on 401).
                .onRetry(event -> metrics.tokenRefresh())
                .build();
        this.calls = Failsafe.with(refreshOnce, retry, breaker).with(shared.scheduler());
        this.attempts = Failsafe.with(shared.bulkhead(), Timeout.<HttpCallResult>of(settings.requestTimeout()))
                .with(shared.scheduler());
    }

    /** A reader for one portal, with its own client, pacer and circuit breaker, sharing {@code shared}. */
    public static ResilientAssociationsReader create(long portalId, URI baseUrl, TokenProvider tokens,
            ResilienceSettings settings, SharedCallLimits shared, HttpClient http, Clock clock, ZoneId dailyResetZone) {
        PortalPacer pacer = new PortalPacer(portalId, settings, shared.scheduler(), shared.metrics(), clock, shared::budgetShare);
        HubSpotAssociationsClient client = new HubSpotAssociationsClient(baseUrl, tokens, settings.requestTimeout(), http,
                pacer, clock, dailyResetZone, settings.api());
        return new ResilientAssociationsReader(portalId, client, tokens, settings, pacer, shared, clock);
    }

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        CompletableFuture<BatchReadResult> read;
        try {
            read = readSplitting(request, settings.api())
                    .thenCompose(result -> completeTruncated(request, result));
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.exceptionally(error -> {
            Throwable cause = unwrap(error);
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

    /** The whole batch, or, when HubSpot rejects it as invalid or too large, its halves, down to single ids. */
    private CompletableFuture<BatchReadResult> readSplitting(BatchReadRequest request, AssociationsApi api) {
        return readPaged(request, api).thenCompose(answer -> {
            CallFailure failure = answer.failure();
            if (failure == null || failure.kind().action() != CallFailure.Action.SPLIT || request.objectIds().size() < 2) {
                return CompletableFuture.completedFuture(answer.result());
            }
            metrics.split();
            List<String> ids = request.objectIds();
            int half = ids.size() / 2;
            log.debug("portal {}: HubSpot rejected {} ids ({}), splitting", portalId, ids.size(), failure.kind());
            CompletableFuture<BatchReadResult> left = readSplitting(part(request, ids.subList(0, half)), api);
            CompletableFuture<BatchReadResult> right = readSplitting(part(request, ids.subList(half, ids.size())), api);
            return left.thenCombine(right, (a, b) -> {
                Map<String, IdOutcome> both = new LinkedHashMap<>(a.outcomes());
                both.putAll(b.outcomes());
                return new BatchReadResult(both);
            });
        });
    }

    /** One call, then (v4 and 2026-03) the further pages of every id HubSpot cut short. */
    private CompletableFuture<HttpCallResult> readPaged(BatchReadRequest request, AssociationsApi api) {
        return resilientCall(request, api, Map.of()).thenCompose(first -> {
            if (api == AssociationsApi.V3 || first.nextPages().isEmpty()) {
                return CompletableFuture.completedFuture(first);
            }
            return nextPages(request, api, new LinkedHashMap<>(first.result().outcomes()), first.nextPages(), 1)
                    .thenApply(outcomes -> new HttpCallResult(new BatchReadResult(outcomes), first.httpStatus(),
                            first.failure(), first.rateLimit(), Map.of()));
        });
    }

    private CompletableFuture<Map<String, IdOutcome>> nextPages(BatchReadRequest request, AssociationsApi api,
            Map<String, IdOutcome> outcomes, Map<String, String> cursors, int page) {
        if (cursors.isEmpty() || page >= MAX_PAGES) {
            return CompletableFuture.completedFuture(outcomes);
        }
        metrics.page();
        BatchReadRequest pageRequest = part(request, List.copyOf(cursors.keySet()));
        return resilientCall(pageRequest, api, cursors).thenCompose(answer -> {
            Map<String, String> next = new LinkedHashMap<>();
            answer.result().outcomes().forEach((id, outcome) -> {
                if (outcome instanceof IdOutcome.Found more && outcomes.get(id) instanceof IdOutcome.Found sofar) {
                    List<FoundAssociation> all = new ArrayList<>(sofar.associations());
                    all.addAll(more.associations());
                    outcomes.put(id, new IdOutcome.Found(all, more.complete(), more.apiVersion()));
                    String after = answer.nextPages().get(id);
                    if (after != null) {
                        next.put(id, after);
                    }
                } else {
                    // A later page failed: the id is looked up again as a whole, never half-listed.
                    outcomes.put(id, outcome);
                }
            });
            return nextPages(request, api, outcomes, next, page + 1);
        });
    }

    /** v3 with hubspot.complete-truncated: ids whose list v3 cut at 100 are read again, in full, through v4. */
    private CompletableFuture<BatchReadResult> completeTruncated(BatchReadRequest request, BatchReadResult result) {
        if (settings.api() != AssociationsApi.V3 || !settings.completeTruncated()) {
            return CompletableFuture.completedFuture(result);
        }
        List<String> truncated = result.outcomes().entrySet().stream()
                .filter(e -> e.getValue() instanceof IdOutcome.Found found && !found.complete())
                .map(Map.Entry::getKey)
                .filter(request.objectIds()::contains)
                .toList();
        if (truncated.isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        return readSplitting(part(request, truncated), AssociationsApi.V4).thenApply(v4 -> {
            Map<String, IdOutcome> merged = new LinkedHashMap<>(result.outcomes());
            v4.outcomes().forEach((id, outcome) -> {
                // A permanent v4 failure (e.g. a scope v3 did not need) keeps v3's truncated list; a transient one
                // sends the id round again so it ends complete.
                if (!(outcome instanceof IdOutcome.Failed)) {
                    merged.put(id, outcome);
                }
            });
            return new BatchReadResult(merged);
        });
    }

    /** One logical call: deferred while the portal is paused, otherwise through refresh-once, retry and breaker. */
    private CompletableFuture<HttpCallResult> resilientCall(BatchReadRequest request, AssociationsApi api,
            Map<String, String> after) {
        Instant now = clock.instant();
        long pausedUntil = deferredUntil.get();
        if (pausedUntil > now.toEpochMilli()) {
            return CompletableFuture.completedFuture(deferred(request, Instant.ofEpochMilli(pausedUntil),
                    "portal " + portalId + " is paused after HubSpot asked to wait", "paused", null));
        }
        return calls.getStageAsync(() -> attempt(request, api, after))
                .handle((result, error) -> settle(request, result, unwrap(error)));
    }

    /** One HTTP attempt: a fresh token, a rate-limit permit, a bulkhead slot, the call under a timeout. */
    private CompletableFuture<HttpCallResult> attempt(BatchReadRequest request, AssociationsApi api, Map<String, String> after) {
        return tokens.ready()
                // A held permit is good for the first attempt only, and not through a hold HubSpot set since.
                .thenCompose(ready -> prepaid.remove(request) && !pacer.holding() ? CompletableFuture.<Void>completedFuture(null) : pacer.acquire())
                .thenCompose(permit -> {
                    long start = System.nanoTime();
                    return attempts.getStageAsync(() -> client.call(request, api, after))
                            .whenComplete((result, error) -> observe(result, unwrap(error), Duration.ofNanos(System.nanoTime() - start)));
                });
    }

    private void observe(HttpCallResult result, Throwable error, Duration latency) {
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
        if (failure != null && (failure.kind() == CallFailure.Kind.RATE_LIMITED || failure.kind() == CallFailure.Kind.DAILY_LIMIT)) {
            metrics.rateLimited(failure.policyName());
        }
        if (failure != null && failure.kind() == CallFailure.Kind.RATE_LIMITED) {
            // Every call of the portal waits, not only this one's retry: that is what stops a 429 storm.
            if (failure.retryAfter() != null) {
                pacer.holdUntil(failure.retryAfter());
            } else {
                pacer.holdFor(settings.rateLimitPeriod().dividedBy(10));
            }
        }
    }

    /** The final answer of one logical call, its ids' outcomes adjusted for what the policies decided. */
    private HttpCallResult settle(BatchReadRequest request, HttpCallResult result, Throwable error) {
        Instant now = clock.instant();
        if (error instanceof CircuitBreakerOpenException) {
            Duration remaining = breaker.getRemainingDelay();
            Duration wait = remaining.compareTo(settings.slot()) > 0 ? remaining : settings.slot();
            return deferred(request, now.plus(wait), "circuit breaker open for portal " + portalId
                    + " after repeated HubSpot failures", "circuit", CallFailure.Kind.SERVER_ERROR);
        }
        if (error instanceof PacingBacklogException backlog) {
            return deferred(request, now.plus(settings.rateLimitPeriod()), backlog.getMessage(), "backlog", CallFailure.Kind.RATE_LIMITED);
        }
        if (error instanceof TokenRefreshException refresh) {
            IdOutcome outcome = refresh.permanent()
                    ? new IdOutcome.Failed(FailureDetail.of(DeadLetterReason.UNAUTHORIZED, refresh.httpStatus(), refresh.getMessage()))
                    : new IdOutcome.Transient(FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, refresh.httpStatus(), refresh.getMessage()));
            return new HttpCallResult(BatchReadResult.all(request, outcome), null, new CallFailure(
                    refresh.permanent() ? CallFailure.Kind.UNAUTHORIZED : CallFailure.Kind.CONNECTION, null,
                    refresh.getMessage(), null, null), null);
        }
        if (error != null) {
            CallFailure.Kind kind = error instanceof TimeoutExceededException ? CallFailure.Kind.TIMEOUT : CallFailure.Kind.UNEXPECTED;
            String message = switch (kind) {
                case TIMEOUT -> "no answer from HubSpot within " + settings.requestTimeout() + ", " + (settings.maxRetries() + 1) + " attempts";
                default -> error instanceof BulkheadFullException
                        ? "too many HubSpot calls in flight in this process"
                        : "unexpected error calling HubSpot (" + error.getClass().getSimpleName() + ")";
            };
            return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Transient(
                    FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, null, message))), null,
                    new CallFailure(kind, null, message, null, null), null);
        }
        CallFailure failure = result.failure();
        if (failure == null) {
            return result;
        }
        boolean longWait = failure.kind().action() == CallFailure.Action.DEFER
                || (failure.retryable() && RetryDelays.tooLongToWait(failure, now, settings));
        if (longWait && failure.retryAfter() != null || failure.kind() == CallFailure.Kind.DAILY_LIMIT) {
            Instant cap = now.plus(settings.dailyLimitPause());
            Instant until = failure.retryAfter() != null && failure.retryAfter().isBefore(cap) ? failure.retryAfter() : cap;
            if (failure.kind() == CallFailure.Kind.DAILY_LIMIT || failure.kind() == CallFailure.Kind.MIGRATION) {
                deferredUntil.accumulateAndGet(until.toEpochMilli(), Math::max);
            }
            log.warn("portal {}: HubSpot asks to wait ({}, {}), deferring {} ids until {}", portalId, failure.kind(),
                    failure.policyName() == null ? "no policy" : failure.policyName(), request.objectIds().size(), until);
            return deferred(request, until, failure.message(), failure.kind().name().toLowerCase(Locale.ROOT),
                    failure.kind(), result.httpStatus());
        }
        return result;
    }

    private HttpCallResult deferred(BatchReadRequest request, Instant until, String message, String cause, CallFailure.Kind kind) {
        return deferred(request, until, message, cause, kind, null);
    }

    private HttpCallResult deferred(BatchReadRequest request, Instant until, String message, String cause,
            CallFailure.Kind kind, Integer status) {
        metrics.deferral(cause);
        FailureDetail detail = FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, status, message);
        return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Deferred(until, detail)), status,
                kind == null ? null : new CallFailure(kind, status, message, until, null), null);
    }

    /** RETRY-kind failures, unless HubSpot asked for a wait longer than an in-call backoff: those are deferred. */
    private boolean retryable(HttpCallResult result, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException || error instanceof BulkheadFullException;
        }
        return result != null && result.failure() != null && result.failure().retryable()
                && !RetryDelays.tooLongToWait(result.failure(), clock.instant(), settings);
    }

    /** Failures that say HubSpot (or the way to it) is unwell, as opposed to pacing or a bad request. */
    private static boolean countsAgainstPortal(HttpCallResult result, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException;
        }
        if (result == null || result.failure() == null) {
            return false;
        }
        return switch (result.failure().kind()) {
            case SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE, UNEXPECTED -> true;
            default -> false;
        };
    }

    private static String kindOf(HttpCallResult result, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException ? "TIMEOUT" : error.getClass().getSimpleName();
        }
        return result != null && result.failure() != null ? result.failure().kind().name() : "UNKNOWN";
    }

    private static BatchReadRequest part(BatchReadRequest request, List<String> ids) {
        return new BatchReadRequest(request.portalId(), request.fromObjectType(), request.toObjectType(), ids);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The portal's circuit breaker, for tests and health checks. */
    @Override
    public boolean available() {
        return !circuitBreaker().isOpen();
    }

    CircuitBreaker<HttpCallResult> circuitBreaker() {
        return breaker;
    }

    @Override
    public String toString() {
        return "ResilientAssociationsReader[portal=" + portalId + ", api=" + settings.api().configValue()
                + ", pace=" + settings.rateLimitRequests() + "/" + settings.rateLimitPeriod() + ", client=" + client + "]";
    }
}
