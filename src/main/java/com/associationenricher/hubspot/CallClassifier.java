package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Classifies one batch/read call, an HTTP answer or the exception that replaced it, into an {@link HttpCallResult}:
 * one outcome per id plus a {@link CallFailure} a retry policy can act on. Pure apart from reading the clock.
 *
 * <p>Transient and deferred details carry reason RETRIES_EXHAUSTED: that is what they become if the id never
 * recovers. The daily limit resets at midnight in {@code dailyResetZone} (HubSpot uses the account's time zone;
 * UTC unless configured).
 */
final class CallClassifier {

    private static final int BODY_EXCERPT = 300;
    private static final DeadLetterReason IF_NEVER_RECOVERS = DeadLetterReason.RETRIES_EXHAUSTED;
    private static final BatchReadRequest WHOLE_CALL = new BatchReadRequest(0, "call", "call", List.of("call"));

    private final Clock clock;
    private final ZoneId dailyResetZone;
    private final String apiVersion;

    public CallClassifier(Clock clock, ZoneId dailyResetZone) {
        this(clock, dailyResetZone, BatchResponseClassifier.API_VERSION);
    }

    /** @param apiVersion the version the answers come from ("v3", "v4", "2026-03"), stamped on found outcomes */
    public CallClassifier(Clock clock, ZoneId dailyResetZone, String apiVersion) {
        this.clock = clock;
        this.dailyResetZone = dailyResetZone;
        this.apiVersion = apiVersion;
    }

    public static CallClassifier utc() {
        return new CallClassifier(Clock.systemUTC(), ZoneId.of("UTC"));
    }

    public HttpCallResult classify(BatchReadRequest request, int status, HttpHeaders headers, String body) {
        HttpCallResult result = status >= 200 && status < 300
                ? success(request, status, body)
                : failure(request, status, headers, body);
        return result.withRateLimit(RateLimitStatus.from(headers).orElse(null));
    }

    /**
     * A non-2xx answer of any kind of call (an object listing, say), classified as a batch/read failure would be:
     * the {@link CallFailure} the portal's policies act on and the outcome a dead letter or retry would carry.
     */
    ClassifiedError classifyError(int status, HttpHeaders headers, String body) {
        HttpCallResult result = failure(WHOLE_CALL, status, headers, body);
        return new ClassifiedError(result.failure(), result.result().outcomes().get(WHOLE_CALL.objectIds().get(0)),
                RateLimitStatus.from(headers).orElse(null));
    }

    /** @param outcome what the call's items become: Failed (dead letter), Transient (an attempt) or Deferred */
    record ClassifiedError(CallFailure failure, IdOutcome outcome, RateLimitStatus rateLimit) {
    }

    /** Anything that kept an answer from arriving or being read: every id is transient. */
    public HttpCallResult classify(BatchReadRequest request, Throwable thrown) {
        Throwable cause = AsyncErrors.unwrap(thrown);
        CallFailure.Kind kind;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            kind = CallFailure.Kind.TIMEOUT;
        } else if (cause instanceof IOException) {
            kind = CallFailure.Kind.CONNECTION;
        } else {
            kind = CallFailure.Kind.UNEXPECTED;
        }
        String message = describe(kind, cause);
        return transientCall(request, null, CallFailure.noAnswer(kind, message), null);
    }

    private HttpCallResult success(BatchReadRequest request, int status, String body) {
        BatchReadResponse response;
        try {
            response = HubSpotJson.MAPPER.readValue(body, BatchReadResponse.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = "HubSpot answered " + status + " with a body that is not batch/read JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
            return transientCall(request, status,
                    CallFailure.of(CallFailure.Kind.MALFORMED_RESPONSE, status, message), null);
        }
        if (response == null) {
            return transientCall(request, status, CallFailure.of(CallFailure.Kind.MALFORMED_RESPONSE, status,
                    "HubSpot answered " + status + " with an empty body"), null);
        }
        if (!response.isFinal()) {
            return transientCall(request, status, CallFailure.of(CallFailure.Kind.NOT_FINAL, status,
                    "HubSpot's batch is still " + response.status()), null);
        }
        BatchReadResult result = BatchResponseClassifier.classify(request, status, response, apiVersion);
        CallFailure failure = response.isCanceled()
                ? CallFailure.of(CallFailure.Kind.CANCELED, status, "HubSpot canceled the batch")
                : null;
        return new HttpCallResult(result, status, failure, null, BatchResponseClassifier.nextPages(request, response));
    }

    private HttpCallResult failure(BatchReadRequest request, int status, HttpHeaders headers, String body) {
        HubSpotError error = parseError(body);
        Instant now = clock.instant();
        Instant retryAfter = RetryAfter.from(headers, now).orElse(null);
        String message = message(status, error, body);
        String category = error == null ? null : error.category();
        String subCategory = error == null ? null : error.subCategoryText();
        Map<String, List<String>> context = error == null ? Map.of() : ErrorContext.parse(error.context());
        String policy = error == null ? null : error.policyName();

        switch (status) {
            case 401 -> {
                var detail = new FailureDetail(DeadLetterReason.UNAUTHORIZED, status, category, subCategory, message, context, List.of());
                return failed(request, status, CallFailure.Kind.UNAUTHORIZED, detail, retryAfter, policy);
            }
            case 403 -> {
                List<String> scopes = ScopeParser.missingScopes(error);
                boolean scopeError = "MISSING_SCOPES".equals(category) || !scopes.isEmpty();
                var reason = scopeError ? DeadLetterReason.MISSING_SCOPES : DeadLetterReason.UNAUTHORIZED;
                var detail = new FailureDetail(reason, status, category, subCategory, message, context, scopes);
                return failed(request, status, CallFailure.Kind.FORBIDDEN, detail, retryAfter, policy);
            }
            case 400 -> {
                var detail = new FailureDetail(DeadLetterReason.VALIDATION, status, category, subCategory, message, context, List.of());
                return failed(request, status, CallFailure.Kind.VALIDATION, detail, retryAfter, policy);
            }
            case 413, 414 -> {
                var detail = new FailureDetail(DeadLetterReason.VALIDATION, status, category, subCategory, message, context, List.of());
                return failed(request, status, CallFailure.Kind.TOO_LARGE, detail, retryAfter, policy);
            }
            case 429 -> {
                var detail = transientDetail(status, category != null ? category : error == null ? null : error.errorType(),
                        subCategory, message, context);
                if ("DAILY".equalsIgnoreCase(policy)) {
                    Instant until = retryAfter != null ? retryAfter : nextDailyReset(now);
                    // The call's retryAfter stays HubSpot's own (null without the header): the reader knows the
                    // portal's zone and decides the pause.
                    return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Deferred(until, detail)), status,
                            new CallFailure(CallFailure.Kind.DAILY_LIMIT, status, detail.message(), retryAfter, policy), null);
                }
                return transientCall(request, status,
                        new CallFailure(CallFailure.Kind.RATE_LIMITED, status, message, retryAfter, policy), detail);
            }
            case 477 -> {
                var detail = transientDetail(status, category, subCategory, message, context);
                if (retryAfter != null) {
                    return deferred(request, status, CallFailure.Kind.MIGRATION, retryAfter, detail, retryAfter, policy);
                }
                return transientCall(request, status,
                        new CallFailure(CallFailure.Kind.MIGRATION, status, message, null, policy), detail);
            }
            default -> {
                CallFailure.Kind kind;
                if (status == 423) {
                    kind = CallFailure.Kind.LOCKED;
                } else if (status == 408) {
                    kind = CallFailure.Kind.TIMEOUT;
                } else if (status >= 500) {
                    kind = CallFailure.Kind.SERVER_ERROR;
                } else if (status >= 400) {
                    var detail = new FailureDetail(DeadLetterReason.OTHER, status, category, subCategory, message, context, List.of());
                    return failed(request, status, CallFailure.Kind.CLIENT_ERROR, detail, retryAfter, policy);
                } else {
                    kind = CallFailure.Kind.UNEXPECTED;
                }
                var detail = transientDetail(status, category, subCategory, message, context);
                return transientCall(request, status, new CallFailure(kind, status, message, retryAfter, policy), detail);
            }
        }
    }

    /** The first instant of the next day in HubSpot's daily window. */
    Instant nextDailyReset(Instant now) {
        return LocalDate.ofInstant(now, dailyResetZone).plusDays(1).atStartOfDay(dailyResetZone).toInstant();
    }

    private static HttpCallResult failed(BatchReadRequest request, int status, CallFailure.Kind kind,
            FailureDetail detail, Instant retryAfter, String policy) {
        return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Failed(detail)), status,
                new CallFailure(kind, status, detail.message(), retryAfter, policy), null);
    }

    private static HttpCallResult deferred(BatchReadRequest request, int status, CallFailure.Kind kind, Instant until,
            FailureDetail detail, Instant retryAfter, String policy) {
        return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Deferred(until, detail)), status,
                new CallFailure(kind, status, detail.message(), retryAfter != null ? retryAfter : until, policy), null);
    }

    /** @param detail what the ids carry; null: the failure's own message */
    private static HttpCallResult transientCall(BatchReadRequest request, Integer status, CallFailure failure,
            FailureDetail detail) {
        FailureDetail d = detail != null ? detail : FailureDetail.of(IF_NEVER_RECOVERS, status, failure.message());
        return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Transient(d)), status, failure, null);
    }

    private static FailureDetail transientDetail(int status, String category, String subCategory, String message,
            Map<String, List<String>> context) {
        return new FailureDetail(IF_NEVER_RECOVERS, status, category, subCategory, message, context, List.of());
    }

    private static HubSpotError parseError(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return HubSpotJson.MAPPER.readValue(body, HubSpotError.class);
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            return null;
        }
    }

    private static String message(int status, HubSpotError error, String body) {
        if (error != null && error.message() != null && !error.message().isBlank()) {
            return error.message();
        }
        if (body == null || body.isBlank()) {
            return "HubSpot answered " + status + " with no body";
        }
        String excerpt = body.strip();
        if (excerpt.length() > BODY_EXCERPT) {
            excerpt = excerpt.substring(0, BODY_EXCERPT) + "...";
        }
        return "HubSpot answered " + status + ": " + excerpt;
    }

    private static String describe(CallFailure.Kind kind, Throwable cause) {
        String what = switch (kind) {
            case TIMEOUT -> "no answer from HubSpot within the request timeout";
            case CONNECTION -> cause instanceof ConnectException
                    ? "cannot connect to HubSpot" : "connection to HubSpot failed or closed early";
            default -> "unexpected error calling HubSpot";
        };
        String detail = cause.getMessage();
        return what + " (" + cause.getClass().getSimpleName() + (detail == null ? "" : ": " + detail) + ")";
    }
}
