package com.associationenricher.hubspot;

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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portal's way to HubSpot, for any kind of call: every attempt is paced by the portal's {@link PortalPacer},
 * limited by the process-wide bulkhead and a per-attempt timeout, retried in-call for a short budget, guarded by the
 * portal's circuit breaker (Failsafe policies, all asynchronous), and refused while the portal is paused (daily limit,
 * migration). {@link #execute} takes one HTTP attempt given a token and returns a {@link PortalVerdict}.
 *
 * <p>Two levels of retry. In the call: RETRY-kind failures (429 burst, 423, 5xx, timeouts, broken or not-final
 * answers) are retried up to {@code maxRetries} times with backoff, so a blip costs seconds. When that budget is spent
 * the answer stands and the caller's items count an attempt. Whatever waiting cannot fix soon (daily limit, long
 * Retry-After, 477, open circuit, full bulkhead, pacing backlog) is a {@link PortalVerdict.Wait}: no attempt counted.
 */
final class PortalCalls {

    private static final Logger log = LoggerFactory.getLogger(PortalCalls.class);
    /**
     * How soon a call that found another one probing the daily limit asks again. The probe usually answers within a
     * request's latency; waiting a whole request timeout left the other tasks' ids idle for 30 s after every reset.
     */
    static final Duration PROBE_RECHECK = Duration.ofMillis(500);

    private final long portalId;
    private final TokenProvider tokens;
    private final ResilienceSettings settings;
    private final PortalPacer pacer;
    private final HubSpotCallMetrics metrics;
    private final Clock clock;
    private final DailyLimitPause daily;
    private final CircuitBreaker<ClassifiedAnswer> breaker;
    private final FailsafeExecutor<ClassifiedAnswer> calls;
    private final FailsafeExecutor<ClassifiedAnswer> attempts;
    /** Epoch millis before which the portal is not called at all (daily limit, migration). */
    private final AtomicLong pausedUntil = new AtomicLong();

    PortalCalls(long portalId, TokenProvider tokens, ResilienceSettings settings, PortalPacer pacer, SharedCallLimits shared,
            Clock clock, DailyLimitPause daily) {
        this.portalId = portalId;
        this.tokens = tokens;
        this.settings = settings;
        this.pacer = pacer;
        this.metrics = shared.metrics();
        this.clock = clock;
        this.daily = daily;
        this.breaker = CircuitBreaker.<ClassifiedAnswer>builder()
                .handleIf((result, error) -> countsAgainstPortal(result, AsyncErrors.unwrap(error)))
                .withFailureThreshold(settings.breakerFailures(), settings.breakerWindow())
                .withDelay(settings.breakerDelay())
                .withSuccessThreshold(settings.breakerProbes())
                .onOpen(event -> log.warn("portal {}: HubSpot keeps failing, circuit open for {}", portalId, settings.breakerDelay()))
                .onHalfOpen(event -> log.info("portal {}: circuit half-open, probing HubSpot", portalId))
                .onClose(event -> log.info("portal {}: circuit closed, HubSpot answers again", portalId))
                .build();
        metrics.circuit(portalId, breaker);
        RetryPolicy<ClassifiedAnswer> retry = RetryPolicy.<ClassifiedAnswer>builder()
                .handleIf((result, error) -> retryable(result, AsyncErrors.unwrap(error)))
                .withMaxRetries(settings.maxRetries())
                .withDelayFn(context -> RetryDelays.delay(context.getAttemptCount(), context.getLastResult(),
                        clock.instant(), settings, ThreadLocalRandom.current()::nextDouble))
                .onRetry(event -> metrics.retry(kindOf(event.getLastResult(), AsyncErrors.unwrap(event.getLastException()))))
                .build();
        RetryPolicy<ClassifiedAnswer> refreshOnce = RetryPolicy.<ClassifiedAnswer>builder()
                .handleIf((result, error) -> error == null && result != null && result.failure() != null
                        && result.failure().kind() == CallFailure.Kind.UNAUTHORIZED)
                .withMaxRetries(1)
                // The call has already told the token provider to forget the rejected token (invalidate on 401).
                .onRetry(event -> metrics.tokenRefresh())
                .build();
        this.calls = Failsafe.with(refreshOnce, retry, breaker).with(shared.scheduler());
        this.attempts = Failsafe.with(shared.bulkhead(), Timeout.<ClassifiedAnswer>of(settings.requestTimeout()))
                .with(shared.scheduler());
    }

    /**
     * The policies of one portal; {@code dailyResetZone} null means: learn it from account-info at the first daily
     * limit.
     */
    static PortalCalls create(long portalId, URI baseUrl, TokenProvider tokens, ResilienceSettings settings,
            PortalPacer pacer, SharedCallLimits shared, HttpClient http, Clock clock, ZoneId dailyResetZone) {
        DailyLimitPause daily = new DailyLimitPause(clock, settings.dailyLimitPause(), dailyResetZone,
                () -> PortalDiscovery.timeZoneOf(baseUrl, tokens, http, settings.requestTimeout()));
        return new PortalCalls(portalId, tokens, settings, pacer, shared, clock, daily);
    }

    /**
     * One logical call of this portal: waits while the portal is paused, otherwise each attempt gets a token
     * (asynchronously: an OAuth refresh never holds the shared scheduler), a rate-limit permit and a bulkhead slot,
     * then runs {@code attempt} under the timeout, retry, refresh-once and circuit policies. {@code attempt} must not
     * block and should classify its own failures into its answer; on a 401 it invalidates the token it was given.
     *
     * @param items how many items the call is about, for the log
     */
    <R extends ClassifiedAnswer> CompletableFuture<PortalVerdict<R>> execute(int items, Function<String, CompletableFuture<R>> attempt) {
        return execute(items, false, attempt);
    }

    /** @param permitHeld the caller holds a pacer permit ({@link PortalPacer#acquire}) for the first attempt */
    <R extends ClassifiedAnswer> CompletableFuture<PortalVerdict<R>> execute(int items, boolean permitHeld,
            Function<String, CompletableFuture<R>> attempt) {
        AtomicBoolean held = new AtomicBoolean(permitHeld);
        Instant now = clock.instant();
        long paused = pausedUntil.get();
        if (paused > now.toEpochMilli()) {
            return CompletableFuture.completedFuture(waitUntil(Instant.ofEpochMilli(paused),
                    "portal " + portalId + " is paused after HubSpot asked to wait", "paused", null, null));
        }
        DailyLimitPause.Admission admission = daily.admit();
        if (admission == DailyLimitPause.Admission.WAIT) {
            Duration recheck = PROBE_RECHECK.compareTo(settings.requestTimeout()) < 0 ? PROBE_RECHECK : settings.requestTimeout();
            return CompletableFuture.completedFuture(waitUntil(now.plus(recheck),
                    "portal " + portalId + ": one call is probing whether the daily limit has reset", "daily-probe", null, null));
        }
        CompletableFuture<PortalVerdict<R>> verdict = calls.<R>getStageAsync(() -> attempt(attempt, held))
                .handle((result, error) -> error == null && result.failure() != null
                        && result.failure().kind() == CallFailure.Kind.DAILY_LIMIT
                        ? dailyLimit(items, result)
                        : CompletableFuture.completedFuture(settle(items, result, AsyncErrors.unwrap(error))))
                .thenCompose(settled -> settled);
        if (admission == DailyLimitPause.Admission.PROBE) {
            verdict.whenComplete((result, error) -> daily.probed(result instanceof PortalVerdict.Wait<R> wait
                    && wait.failure() != null && wait.failure().kind() == CallFailure.Kind.DAILY_LIMIT));
        }
        return verdict;
    }

    /** One HTTP attempt: a token, a rate-limit permit, a bulkhead slot, the call under a timeout. */
    private <R extends ClassifiedAnswer> CompletableFuture<R> attempt(Function<String, CompletableFuture<R>> attempt,
            AtomicBoolean held) {
        return tokens.tokenAsync()
                // A held permit is good for the first attempt only, and not through a hold HubSpot set since.
                .thenCompose(token -> (held.getAndSet(false) && !pacer.holding()
                        ? CompletableFuture.<Void>completedFuture(null) : pacer.acquire()).thenApply(permit -> token))
                .thenCompose(token -> {
                    long start = System.nanoTime();
                    return attempts.<R>getStageAsync(() -> attempt.apply(token))
                            .whenComplete((result, error) -> observe(result, AsyncErrors.unwrap(error),
                                    Duration.ofNanos(System.nanoTime() - start)));
                });
    }

    private void observe(ClassifiedAnswer result, Throwable error, Duration latency) {
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

    /** The final verdict of one logical call, from HubSpot's last answer or what the policies decided. */
    private <R extends ClassifiedAnswer> PortalVerdict<R> settle(int items, R result, Throwable error) {
        Instant now = clock.instant();
        if (error instanceof CircuitBreakerOpenException) {
            Duration remaining = breaker.getRemainingDelay();
            Duration wait = remaining.compareTo(settings.slot()) > 0 ? remaining : settings.slot();
            return waitUntil(now.plus(wait), "circuit breaker open for portal " + portalId
                    + " after repeated HubSpot failures", "circuit", CallFailure.Kind.SERVER_ERROR, null);
        }
        if (error instanceof BulkheadFullException) {
            // Back-pressure, not a failure: HubSpot answered every call it got. The items go out with the next flush
            // (until = now pauses nothing) and no attempt is counted toward hubspot.max-attempts.
            return waitUntil(now, "too many HubSpot calls in flight in this process", "bulkhead", null, null);
        }
        if (error instanceof PacingBacklogException backlog) {
            return waitUntil(now.plus(settings.rateLimitPeriod()), backlog.getMessage(), "backlog", CallFailure.Kind.RATE_LIMITED, null);
        }
        if (error instanceof TokenRefreshException refresh) {
            DeadLetterReason reason = refresh.permanent() ? DeadLetterReason.UNAUTHORIZED : DeadLetterReason.RETRIES_EXHAUSTED;
            return new PortalVerdict.Unanswered<>(FailureDetail.of(reason, refresh.httpStatus(), refresh.getMessage()),
                    refresh.permanent(), CallFailure.noAnswer(refresh.permanent() ? CallFailure.Kind.UNAUTHORIZED
                    : CallFailure.Kind.CONNECTION, refresh.getMessage()));
        }
        if (error != null) {
            boolean timeout = error instanceof TimeoutExceededException;
            String message = timeout
                    ? "no answer from HubSpot within " + settings.requestTimeout() + ", " + (settings.maxRetries() + 1) + " attempts"
                    : "unexpected error calling HubSpot (" + error.getClass().getSimpleName() + ")";
            return new PortalVerdict.Unanswered<>(FailureDetail.of(DeadLetterReason.RETRIES_EXHAUSTED, null, message), false,
                    CallFailure.noAnswer(timeout ? CallFailure.Kind.TIMEOUT : CallFailure.Kind.UNEXPECTED, message));
        }
        CallFailure failure = result.failure();
        if (failure == null) {
            return new PortalVerdict.Answered<>(result);
        }
        boolean longWait = failure.kind().action() == CallFailure.Action.DEFER
                || (failure.retryable() && RetryDelays.tooLongToWait(failure, now, settings));
        if (longWait && failure.retryAfter() != null) {
            Instant cap = now.plus(settings.dailyLimitPause());
            Instant until = failure.retryAfter().isBefore(cap) ? failure.retryAfter() : cap;
            if (failure.kind() == CallFailure.Kind.MIGRATION) {
                pausedUntil.accumulateAndGet(until.toEpochMilli(), Math::max);
            }
            log.warn("portal {}: HubSpot asks to wait ({}, {}), deferring {} items until {}", portalId, failure.kind(),
                    failure.policyName() == null ? "no policy" : failure.policyName(), items, until);
            return waitUntil(until, failure.message(), failure.kind().name().toLowerCase(Locale.ROOT), failure.kind(),
                    result.httpStatus());
        }
        return new PortalVerdict.Answered<>(result);
    }

    /** 429 DAILY: the portal pauses until midnight in its own zone ({@link DailyLimitPause}). */
    private <R extends ClassifiedAnswer> CompletableFuture<PortalVerdict<R>> dailyLimit(int items, R result) {
        CallFailure failure = result.failure();
        return daily.pauseUntil(failure.retryAfter()).thenApply(until -> {
            pausedUntil.accumulateAndGet(until.toEpochMilli(), Math::max);
            log.warn("portal {}: HubSpot's daily limit reached, deferring {} items until {} ({})", portalId, items, until,
                    daily.zone().map(zone -> "midnight in " + zone + " or the pause cap")
                            .orElse("time zone unknown: the daily-limit pause"));
            return waitUntil(until, failure.message(), "daily_limit", failure.kind(), result.httpStatus());
        });
    }

    private <R extends ClassifiedAnswer> PortalVerdict<R> waitUntil(Instant until, String message, String cause,
            CallFailure.Kind kind, Integer status) {
        metrics.deferral(cause);
        return new PortalVerdict.Wait<>(until, message, kind == null ? null : new CallFailure(kind, status, message, until, null), status);
    }

    /** RETRY-kind failures, unless HubSpot asked for a wait longer than an in-call backoff: those wait instead. */
    private boolean retryable(ClassifiedAnswer result, Throwable error) {
        if (error != null) {
            // A full bulkhead is not retried here: the in-call budget is for HubSpot's failures, not for our queue.
            return error instanceof TimeoutExceededException;
        }
        return result != null && result.failure() != null && result.failure().retryable()
                && !RetryDelays.tooLongToWait(result.failure(), clock.instant(), settings);
    }

    /** Failures that say HubSpot (or the way to it) is unwell, as opposed to pacing or a bad request. */
    private static boolean countsAgainstPortal(ClassifiedAnswer result, Throwable error) {
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

    private static String kindOf(ClassifiedAnswer result, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException ? "TIMEOUT" : error.getClass().getSimpleName();
        }
        return result != null && result.failure() != null ? result.failure().kind().name() : "UNKNOWN";
    }

    CircuitBreaker<ClassifiedAnswer> circuitBreaker() {
        return breaker;
    }
}
