package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /crm/v3/objects/{type}?limit=100[&after=][&archived=true]} (the dated
 * {@code /crm/objects/2026-03/{type}} with {@code hubspot.associations-api=2026-03}), classified. Error answers are
 * classified by the same {@link CallClassifier} as batch/read calls, so a 429, a DAILY limit, a 403 MISSING_SCOPES or
 * a 5xx means the same thing here. Never completes exceptionally; no message carries the token.
 */
final class ObjectListClient {

    static final int PAGE_SIZE = 100;
    /** The classifier answers per id; a listing has none, so its failure detail is read from this stand-in. */
    private static final String PROBE = "list";

    private final URI baseUrl;
    private final TokenProvider tokens;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final RateLimitListener rateLimitListener;
    private final Clock clock;
    private final CallClassifier classifier;
    private final String prefix;

    ObjectListClient(URI baseUrl, TokenProvider tokens, Duration requestTimeout, HttpClient http,
            RateLimitListener rateLimitListener, Clock clock, ZoneId dailyResetZone, AssociationsApi api) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
        this.http = http;
        this.rateLimitListener = rateLimitListener;
        this.clock = clock;
        this.classifier = new CallClassifier(clock, dailyResetZone == null ? java.time.ZoneOffset.UTC : dailyResetZone,
                api.configValue());
        this.prefix = api == AssociationsApi.V2026_03 ? "/crm/objects/2026-03/" : "/crm/v3/objects/";
    }

    CompletableFuture<ListCallResult> call(String token, String objectType, String after, boolean archived) {
        return send(token, objectType, HttpRequest.newBuilder(uri(objectType, after, archived)).GET());
    }

    /** {@code POST /crm/v3/objects/{type}/search} with {@code limit 1}: only its {@code total} is read. */
    CompletableFuture<ListCallResult> count(String token, String objectType) {
        URI search = URI.create(baseUrl + "/crm/v3/objects/" + URLEncoder.encode(objectType, StandardCharsets.UTF_8).replace("+", "%20")
                + "/search");
        return send(token, objectType, HttpRequest.newBuilder(search).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"limit\":1,\"properties\":[\"hs_object_id\"]}")));
    }

    /** One attempt with the token the portal's policies handed over. */
    private CompletableFuture<ListCallResult> send(String token, String objectType, HttpRequest.Builder builder) {
        BatchReadRequest probe = new BatchReadRequest(0, objectType, objectType, List.of(PROBE));
        String secret = token;
        try {
            HttpRequest request = builder
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .build();
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return sent.copy().orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            sent.cancel(true);
                        }
                    })
                    .handle((response, error) -> error != null ? fromClassifier(classifier.classify(probe, error))
                            : classify(probe, response, secret))
                    .exceptionally(error -> fromClassifier(classifier.classify(probe, error)))
                    .thenApply(result -> scrubbed(result, secret));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(scrubbed(fromClassifier(classifier.classify(probe, e)), secret));
        }
    }

    URI uri(String objectType, String after, boolean archived) {
        StringBuilder uri = new StringBuilder(baseUrl.toString()).append(prefix)
                .append(URLEncoder.encode(objectType, StandardCharsets.UTF_8).replace("+", "%20"))
                .append("?limit=").append(PAGE_SIZE);
        if (after != null) {
            uri.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        if (archived) {
            uri.append("&archived=true");
        }
        return URI.create(uri.toString());
    }

    private ListCallResult classify(BatchReadRequest probe, HttpResponse<String> response, String token) {
        int status = response.statusCode();
        if (status == 401) {
            tokens.invalidate(token);
        }
        RateLimitStatus.from(response.headers()).ifPresent(limit -> {
            try {
                rateLimitListener.onRateLimitStatus(probe, limit);
            } catch (RuntimeException e) {
                // The pacer only adjusts its pace; a failure there must not fail the page.
            }
        });
        if (status < 200 || status >= 300) {
            CallClassifier.ClassifiedError error = classifier.classifyError(status, response.headers(), response.body());
            return ListCallResult.failed(status, error.failure(), detailOf(error.outcome()));
        }
        try {
            JsonNode root = HubSpotJson.MAPPER.readTree(response.body());
            JsonNode results = root == null ? null : root.get("results");
            if (results == null || !results.isArray()) {
                throw new IOException("no 'results' array");
            }
            List<String> ids = new ArrayList<>(results.size());
            for (JsonNode object : results) {
                JsonNode id = object.get("id");
                if (id == null || id.isNull() || id.asText().isEmpty()) {
                    throw new IOException("an object without 'id'");
                }
                ids.add(id.asText());
            }
            JsonNode next = root.path("paging").path("next").path("after");
            String after = next.isMissingNode() || next.isNull() || next.asText().isEmpty() ? null : next.asText();
            JsonNode total = root.get("total");
            return new ListCallResult(new ObjectListing.Page(ids, after, clock.instant()), status, null, null,
                    total != null && total.canConvertToLong() ? total.asLong() : null);
        } catch (IOException e) {
            String message = "HubSpot answered " + status + " with a body that is not an object list: " + e.getMessage();
            return ListCallResult.failed(status, new CallFailure(CallFailure.Kind.MALFORMED_RESPONSE, status, message, null, null), null);
        }
    }

    private static ListCallResult fromClassifier(HttpCallResult result) {
        CallFailure failure = result.failure() != null ? result.failure()
                : new CallFailure(CallFailure.Kind.UNEXPECTED, result.httpStatus(), "unexpected answer", null, null);
        return ListCallResult.failed(result.httpStatus(), failure, detailOf(result.result().outcomes().get(PROBE)));
    }

    private static FailureDetail detailOf(IdOutcome outcome) {
        FailureDetail detail = null;
        if (outcome instanceof IdOutcome.Failed failed) {
            detail = failed.detail();
        } else if (outcome instanceof IdOutcome.Transient transientFailure) {
            detail = transientFailure.detail();
        } else if (outcome instanceof IdOutcome.Deferred deferred) {
            detail = deferred.detail();
        }
        return detail;
    }

    private ListCallResult scrubbed(ListCallResult result, String token) {
        List<String> secrets = new ArrayList<>(tokens.otherSecrets());
        if (token != null) {
            secrets.add(token);
        }
        secrets.removeIf(secret -> secret == null || secret.isEmpty());
        if (result.failure() == null || secrets.isEmpty()) {
            return result;
        }
        CallFailure f = result.failure();
        CallFailure failure = new CallFailure(f.kind(), f.httpStatus(), scrub(f.message(), secrets), f.retryAfter(), f.policyName());
        FailureDetail d = result.detail();
        FailureDetail detail = d == null ? null : new FailureDetail(d.reason(), d.httpStatus(), d.category(), d.subCategory(),
                scrub(d.message(), secrets), d.context(), d.missingScopes());
        return ListCallResult.failed(result.httpStatus(), failure, detail);
    }

    private static String scrub(String text, List<String> secrets) {
        String clean = text;
        for (String secret : secrets) {
            clean = clean == null ? null : clean.replace(secret, "[redacted]");
        }
        return clean;
    }

    @Override
    public String toString() {
        return "ObjectListClient[baseUrl=" + baseUrl + ", path=" + prefix + "]";
    }
}
