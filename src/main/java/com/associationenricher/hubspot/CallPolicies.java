package com.associationenricher.hubspot;

import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Failsafe policies of one portal's HubSpot calls, for any kind of call whose result carries a
 * {@link CallFailure}: refresh the token once on 401, retry RETRY-kind failures with {@link RetryDelays} (Retry-After
 * honoured, too long a Retry-After left to the caller to defer), a circuit breaker counting only failures that say
 * HubSpot is unwell, and, per attempt, the process-wide bulkhead and the request timeout. These are the rules of
 * {@link ResilientAssociationsReader}, for other endpoints (the object lists of backfill and reconcile).
 */
final class CallPolicies<R> {

    private static final Logger log = LoggerFactory.getLogger(CallPolicies.class);

    private final CircuitBreaker<R> breaker;
    private final FailsafeExecutor<R> calls;
    private final FailsafeExecutor<R> attempts;

    CallPolicies(long portalId, String what, ResilienceSettings settings, SharedCallLimits shared, Clock clock,
            Function<R, CallFailure> failureOf) {
        HubSpotCallMetrics metrics = shared.metrics();
        this.breaker = CircuitBreaker.<R>builder()
                .handleIf((result, error) -> countsAgainstPortal(failure(failureOf, result), unwrap(error)))
                .withFailureThreshold(settings.breakerFailures(), settings.breakerWindow())
                .withDelay(settings.breakerDelay())
                .withSuccessThreshold(settings.breakerProbes())
                .onOpen(event -> log.warn("portal {}: HubSpot {} keeps failing, circuit open for {}", portalId, what,
                        settings.breakerDelay()))
                .onClose(event -> log.info("portal {}: HubSpot {} answers again, circuit closed", portalId, what))
                .build();
        RetryPolicy<R> retry = RetryPolicy.<R>builder()
                .handleIf((result, error) -> retryable(failure(failureOf, result), unwrap(error), clock, settings))
                .withMaxRetries(settings.maxRetries())
                .withDelayFn(context -> RetryDelays.delay(context.getAttemptCount(), failure(failureOf, context.getLastResult()),
                        clock.instant(), settings, ThreadLocalRandom.current()::nextDouble))
                .onRetry(event -> metrics.retry(kindOf(failure(failureOf, event.getLastResult()), unwrap(event.getLastException()))))
                .build();
        RetryPolicy<R> refreshOnce = RetryPolicy.<R>builder()
                .handleIf((result, error) -> error == null && failure(failureOf, result) != null
                        && failure(failureOf, result).kind() == CallFailure.Kind.UNAUTHORIZED)
                .withMaxRetries(1)
                .onRetry(event -> metrics.tokenRefresh())
                .build();
        this.calls = Failsafe.with(refreshOnce, retry, breaker).with(shared.scheduler());
        @SuppressWarnings("unchecked")
        dev.failsafe.Bulkhead<R> bulkhead = (dev.failsafe.Bulkhead<R>) (dev.failsafe.Bulkhead<?>) shared.bulkhead();
        this.attempts = Failsafe.with(bulkhead, Timeout.<R>of(settings.requestTimeout())).with(shared.scheduler());
    }

    /** Token refresh, retry and circuit around the whole logical call. */
    FailsafeExecutor<R> calls() {
        return calls;
    }

    /** Bulkhead and timeout around one HTTP attempt. */
    FailsafeExecutor<R> attempts() {
        return attempts;
    }

    CircuitBreaker<R> breaker() {
        return breaker;
    }

    private static <R> CallFailure failure(Function<R, CallFailure> failureOf, R result) {
        return result == null ? null : failureOf.apply(result);
    }

    static boolean retryable(CallFailure failure, Throwable error, Clock clock, ResilienceSettings settings) {
        if (error != null) {
            return error instanceof TimeoutExceededException || error instanceof BulkheadFullException;
        }
        return failure != null && failure.retryable() && !RetryDelays.tooLongToWait(failure, clock.instant(), settings);
    }

    static boolean countsAgainstPortal(CallFailure failure, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException;
        }
        if (failure == null) {
            return false;
        }
        return switch (failure.kind()) {
            case SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE, UNEXPECTED -> true;
            default -> false;
        };
    }

    static String kindOf(CallFailure failure, Throwable error) {
        if (error != null) {
            return error instanceof TimeoutExceededException ? "TIMEOUT" : error.getClass().getSimpleName();
        }
        return failure != null ? failure.kind().name() : "UNKNOWN";
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
