package com.associationenricher.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * How long the in-call retry waits before its next attempt. HubSpot's {@code Retry-After} wins when sent (exactly:
 * the pacer spreads the calls that wake up together); a 429 without it waits {@code step × attempt} as HubSpot's own
 * SDKs do; anything else backs off exponentially from {@code backoffMin}, doubling per attempt up to
 * {@code backoffMax}, with equal jitter (half fixed, half random) so retries of many batches do not line up.
 */
final class RetryDelays {

    private RetryDelays() {
    }

    static Duration delay(int attempts, ClassifiedAnswer last, Instant now, ResilienceSettings settings, DoubleSupplier random) {
        CallFailure failure = last == null ? null : last.failure();
        if (failure != null && failure.retryAfter() != null) {
            return failure.retryAfterFrom(now).orElse(Duration.ZERO);
        }
        int attempt = Math.max(1, attempts);
        if (failure != null && failure.kind() == CallFailure.Kind.RATE_LIMITED) {
            return min(settings.rateLimitedStep().multipliedBy(attempt), settings.backoffMax());
        }
        Duration exponential = min(settings.backoffMin().multipliedBy(1L << Math.min(attempt - 1, 20)), settings.backoffMax());
        long half = exponential.toNanos() / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * half));
    }

    /** A Retry-After too long to wait for within one call: the ids are deferred instead. */
    static boolean tooLongToWait(CallFailure failure, Instant now, ResilienceSettings settings) {
        return failure != null && failure.retryAfter() != null
                && failure.retryAfterFrom(now).orElse(Duration.ZERO).compareTo(settings.backoffMax()) > 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
