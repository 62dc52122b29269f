package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls HubSpot's {@code batch/read} associations endpoint (v3, v4 or 2026-03) without ever blocking the caller, and turns every
 * answer or failure into one outcome per requested id: the returned futures never complete exceptionally.
 *
 * <p>{@link #call} is the lower-level step a retry policy wraps: it keeps the classified {@link CallFailure} so the
 * policy can decide on it; {@link #read} hands only the per-id outcomes to the pipeline. The token is read from the
 * {@link TokenProvider} on every call and is scrubbed from every message this class produces.
 */
final class HubSpotAssociationsClient implements AssociationsReader {

    private static final Logger log = LoggerFactory.getLogger(HubSpotAssociationsClient.class);
    private static final String REDACTED = "[redacted]";

    private final URI baseUrl;
    private final TokenProvider tokens;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final RateLimitListener rateLimitListener;
    private final AssociationsApi api;
    private final Map<AssociationsApi, CallClassifier> classifiers = new EnumMap<>(AssociationsApi.class);

    public HubSpotAssociationsClient(URI baseUrl, TokenProvider tokens, Duration requestTimeout) {
        this(baseUrl, tokens, requestTimeout, defaultHttpClient(requestTimeout));
    }

    public HubSpotAssociationsClient(URI baseUrl, TokenProvider tokens, Duration requestTimeout, HttpClient http) {
        this(baseUrl, tokens, requestTimeout, http, RateLimitListener.NONE, Clock.systemUTC(), ZoneId.of("UTC"));
    }

    /**
     * @param dailyResetZone where HubSpot's daily limit window starts (the account's time zone), for 429 DAILY
     */
    public HubSpotAssociationsClient(URI baseUrl, TokenProvider tokens, Duration requestTimeout, HttpClient http,
            RateLimitListener rateLimitListener, Clock clock, ZoneId dailyResetZone) {
        this(baseUrl, tokens, requestTimeout, http, rateLimitListener, clock, dailyResetZone, AssociationsApi.V3);
    }

    /** @param api the API version {@link #read} and {@link #call(BatchReadRequest)} use */
    public HubSpotAssociationsClient(URI baseUrl, TokenProvider tokens, Duration requestTimeout, HttpClient http,
            RateLimitListener rateLimitListener, Clock clock, ZoneId dailyResetZone, AssociationsApi api) {
        this.baseUrl = withoutTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = Objects.requireNonNull(http, "http");
        this.rateLimitListener = Objects.requireNonNull(rateLimitListener, "rateLimitListener");
        this.api = Objects.requireNonNull(api, "api");
        for (AssociationsApi version : AssociationsApi.values()) {
            classifiers.put(version, new CallClassifier(clock, dailyResetZone, version.configValue()));
        }
    }

    public AssociationsApi api() {
        return api;
    }

    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        return call(request).thenApply(HttpCallResult::result);
    }

    /** One HTTP call, classified. Completes normally, on an HTTP client thread, within about the request timeout. */
    public CompletableFuture<HttpCallResult> call(BatchReadRequest request) {
        return call(request, api, Map.of());
    }

    /**
     * One HTTP call to a given API version; {@code after} holds the paging cursor of ids to resume (v4 and 2026-03
     * only: v3 ignores it).
     */
    public CompletableFuture<HttpCallResult> call(BatchReadRequest request, AssociationsApi version, Map<String, String> after) {
        if (request.objectIds().isEmpty()) {
            return CompletableFuture.completedFuture(HttpCallResult.NOTHING);
        }
        CallClassifier classifier = classifiers.get(version);
        CompletableFuture<String> token;
        try {
            token = tokens.tokenAsync();
        } catch (RuntimeException e) {
            token = CompletableFuture.failedFuture(e);
        }
        return token.handle((secret, error) -> error == null
                        ? call(request, version, after, secret)
                        : CompletableFuture.completedFuture(logged(request, scrubbed(classifier.classify(request, error), null))))
                .thenCompose(answer -> answer);
    }

    /**
     * One HTTP call with a token the caller already holds (the resilient reader fetches it asynchronously before
     * waiting for a permit). Never blocks; a 401 invalidates exactly this token.
     */
    public CompletableFuture<HttpCallResult> call(BatchReadRequest request, AssociationsApi version, Map<String, String> after,
            String token) {
        if (request.objectIds().isEmpty()) {
            return CompletableFuture.completedFuture(HttpCallResult.NOTHING);
        }
        CallClassifier classifier = classifiers.get(version);
        try {
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(httpRequest(request, version, after, token),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // The request timeout of java.net.http covers the headers only; this bounds the body too.
            CompletableFuture<HttpResponse<String>> bounded = sent.copy()
                    .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            sent.cancel(true);
                        }
                    });
            return bounded.handle((response, error) -> classify(classifier, request, response, error, token))
                    .exceptionally(error -> classifier.classify(request, error))
                    .thenApply(result -> logged(request, scrubbed(result, token)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(logged(request, scrubbed(classifier.classify(request, e), token)));
        }
    }

    private HttpRequest httpRequest(BatchReadRequest request, AssociationsApi version, Map<String, String> after,
            String token) {
        String prefix = switch (version) {
            case V3 -> "/crm/v3/associations/";
            case V4 -> "/crm/v4/associations/";
            case V2026_03 -> "/crm/associations/2026-03/";
        };
        URI uri = URI.create(baseUrl + prefix + pathSegment(request.fromObjectType()) + "/"
                + pathSegment(request.toObjectType()) + "/batch/read");
        return HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request, after), StandardCharsets.UTF_8))
                .build();
    }

    static String body(BatchReadRequest request) {
        return body(request, Map.of());
    }

    static String body(BatchReadRequest request, Map<String, String> after) {
        List<Map<String, String>> inputs = request.objectIds().stream().map(id -> {
            Map<String, String> input = new LinkedHashMap<>();
            input.put("id", id);
            String cursor = after.get(id);
            if (cursor != null) {
                input.put("after", cursor);
            }
            return input;
        }).toList();
        try {
            return HubSpotJson.MAPPER.writeValueAsString(Map.of("inputs", inputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write batch/read body for " + request.objectIds().size() + " ids", e);
        }
    }

    private HttpCallResult classify(CallClassifier classifier, BatchReadRequest request, HttpResponse<String> response,
            Throwable error, String token) {
        HttpCallResult result;
        if (error != null) {
            result = classifier.classify(request, error);
        } else {
            result = classifier.classify(request, response.statusCode(), response.headers(), response.body());
            if (response.statusCode() == 401) {
                tokens.invalidate(token);
            }
            if (result.rateLimit() != null) {
                notifyRateLimit(request, result.rateLimit());
            }
        }
        return result;
    }

    private void notifyRateLimit(BatchReadRequest request, RateLimitStatus status) {
        try {
            rateLimitListener.onRateLimitStatus(request, status);
        } catch (RuntimeException e) {
            log.warn("rate-limit listener failed: {}", e.toString());
        }
    }

    private static HttpCallResult logged(BatchReadRequest request, HttpCallResult result) {
        if (result.failure() == null) {
            log.debug("batch/read {} -> {} portal {}: HTTP {} for {} ids", request.fromObjectType(),
                    request.toObjectType(), request.portalId(), result.httpStatus(), request.objectIds().size());
            return result;
        }
        CallFailure failure = result.failure();
        if (failure.retryable()) {
            log.debug("batch/read {} -> {} portal {}: {} ({} ids): {}", request.fromObjectType(), request.toObjectType(),
                    request.portalId(), failure.kind(), request.objectIds().size(), failure.message());
        } else {
            log.warn("batch/read {} -> {} portal {}: {} ({} ids): {}", request.fromObjectType(), request.toObjectType(),
                    request.portalId(), failure.kind(), request.objectIds().size(), failure.message());
        }
        return result;
    }

    /** Belt and braces: no message leaves this client carrying the token, whatever an exception said. */
    private HttpCallResult scrubbed(HttpCallResult result, String token) {
        List<String> secrets = new java.util.ArrayList<>(tokens.otherSecrets());
        if (token != null) {
            secrets.add(token);
        }
        secrets.removeIf(secret -> secret == null || secret.isEmpty());
        if (secrets.isEmpty()) {
            return result;
        }
        return result.withMessages(text -> {
            String clean = text;
            for (String secret : secrets) {
                clean = clean == null ? null : clean.replace(secret, REDACTED);
            }
            return clean;
        });
    }

    private static String pathSegment(String objectType) {
        return URLEncoder.encode(Objects.requireNonNull(objectType, "object type"), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    @Override
    public String toString() {
        return "HubSpotAssociationsClient[baseUrl=" + baseUrl + ", api=" + api.configValue()
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
