package com.associationenricher.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One batch/read call, classified: the per-id outcomes plus what a retry policy or rate limiter needs to know about
 * the call as a whole.
 *
 * @param result     exactly one outcome per requested id
 * @param httpStatus the status of HubSpot's answer, null when no answer arrived
 * @param failure    why the call was not a clean final answer, null when it was (a 207 with per-id errors is clean)
 * @param rateLimit  the rate-limit headers of the answer, null when absent
 * @param nextPages  for ids whose association list HubSpot cut short: the {@code paging.next.after} to resume from
 */
record HttpCallResult(BatchReadResult result, Integer httpStatus, CallFailure failure, RateLimitStatus rateLimit,
        Map<String, String> nextPages) implements ClassifiedAnswer {

    /** The answer to a call about no id at all: nothing was sent. */
    static final HttpCallResult NOTHING = new HttpCallResult(new BatchReadResult(Map.of()), null, null, null);

    public HttpCallResult {
        nextPages = nextPages == null ? Map.of() : Map.copyOf(nextPages);
    }

    public HttpCallResult(BatchReadResult result, Integer httpStatus, CallFailure failure, RateLimitStatus rateLimit) {
        this(result, httpStatus, failure, rateLimit, Map.of());
    }

    public Optional<CallFailure> callFailure() {
        return Optional.ofNullable(failure);
    }

    HttpCallResult withRateLimit(RateLimitStatus status) {
        return new HttpCallResult(result, httpStatus, failure, status, nextPages);
    }

    /** The same result with every message and context value passed through {@code scrub}. */
    HttpCallResult withMessages(UnaryOperator<String> scrub) {
        Map<String, IdOutcome> scrubbed = new LinkedHashMap<>();
        result.outcomes().forEach((id, outcome) -> scrubbed.put(id, scrub(outcome, scrub)));
        CallFailure call = failure == null ? null : failure.withMessage(scrub.apply(failure.message()));
        return new HttpCallResult(new BatchReadResult(scrubbed), httpStatus, call, rateLimit, nextPages);
    }

    private static IdOutcome scrub(IdOutcome outcome, UnaryOperator<String> scrub) {
        if (outcome instanceof IdOutcome.Failed failed) {
            return new IdOutcome.Failed(scrub(failed.detail(), scrub));
        }
        if (outcome instanceof IdOutcome.Transient transientFailure) {
            return new IdOutcome.Transient(scrub(transientFailure.detail(), scrub));
        }
        if (outcome instanceof IdOutcome.Deferred deferred) {
            return new IdOutcome.Deferred(deferred.until(), scrub(deferred.detail(), scrub));
        }
        return outcome;
    }

    private static FailureDetail scrub(FailureDetail d, UnaryOperator<String> scrub) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        d.context().forEach((key, values) -> context.put(key, values.stream().map(scrub).toList()));
        return new FailureDetail(d.reason(), d.httpStatus(), d.category(), d.subCategory(), scrub.apply(d.message()),
                context, d.missingScopes());
    }
}
