package com.associationenricher.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Why one batch/read call did not produce a clean, final answer, in terms a retry policy can act on.
 *
 * @param kind        what went wrong
 * @param httpStatus  HubSpot's status code, null when no answer arrived
 * @param message     what happened, from HubSpot's body or the exception; never contains a token
 * @param retryAfter  when HubSpot asked to be called again ({@code Retry-After}), null if it did not say
 * @param policyName  the 429 {@code policyName} (TEN_SECONDLY_ROLLING, SECONDLY, DAILY), null otherwise
 */
record CallFailure(Kind kind, Integer httpStatus, String message, Instant retryAfter, String policyName) {

    /** A failure without Retry-After or 429 policy. */
    public static CallFailure of(Kind kind, Integer httpStatus, String message) {
        return new CallFailure(kind, httpStatus, message, null, null);
    }

    /** A failure where no answer arrived at all (timeout, connection, local error). */
    public static CallFailure noAnswer(Kind kind, String message) {
        return new CallFailure(kind, null, message, null, null);
    }

    /** The same failure with another message (e.g. scrubbed of a secret). */
    public CallFailure withMessage(String newMessage) {
        return new CallFailure(kind, httpStatus, newMessage, retryAfter, policyName);
    }

    /** The families of failure, each with what the caller should do about it. */
    public enum Kind {
        /** 429 burst limit: back off, honour retryAfter. */
        RATE_LIMITED(Action.RETRY),
        /** 429 DAILY: hold the ids until the daily window resets. */
        DAILY_LIMIT(Action.DEFER),
        /** 423: locked for about two seconds. */
        LOCKED(Action.RETRY),
        /** 5xx. */
        SERVER_ERROR(Action.RETRY),
        /** No answer within the request timeout. */
        TIMEOUT(Action.RETRY),
        /** Connection refused, reset or closed early, truncated body. */
        CONNECTION(Action.RETRY),
        /** A 2xx whose body is not the expected JSON. */
        MALFORMED_RESPONSE(Action.RETRY),
        /** status PENDING or PROCESSING. */
        NOT_FINAL(Action.RETRY),
        /** status CANCELED: the answered ids stand, the rest are dead letters. */
        CANCELED(Action.GIVE_UP),
        /** 477 migration in progress: hold until retryAfter. */
        MIGRATION(Action.DEFER),
        /** 401: refresh the token and retry once. */
        UNAUTHORIZED(Action.REFRESH_TOKEN),
        /** 403 (missing scopes or otherwise forbidden). */
        FORBIDDEN(Action.GIVE_UP),
        /** 400 VALIDATION_ERROR. */
        VALIDATION(Action.SPLIT),
        /** 413 or 414: the batch is too large. */
        TOO_LARGE(Action.SPLIT),
        /** Any other 4xx. */
        CLIENT_ERROR(Action.GIVE_UP),
        /** A status the client does not know (1xx, 3xx) or an unexpected local error. */
        UNEXPECTED(Action.RETRY);

        private final Action action;

        Kind(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }
    }

    /** What a caller does after a failure of a given kind. */
    public enum Action { RETRY, DEFER, REFRESH_TOKEN, SPLIT, GIVE_UP }

    public boolean retryable() {
        return kind.action() == Action.RETRY;
    }

    /** How long HubSpot asked to wait from {@code now}, if it said. */
    public Optional<Duration> retryAfterFrom(Instant now) {
        if (retryAfter == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, retryAfter);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }
}
