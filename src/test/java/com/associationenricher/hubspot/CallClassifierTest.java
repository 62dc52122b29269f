package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CallClassifierTest {

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final BatchReadRequest REQUEST = new BatchReadRequest(1L, "deals", "companies", List.of("1", "2"));
    static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    final CallClassifier utc = new CallClassifier(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

    @Test
    void dailyWindowResetsAtMidnightOfTheConfiguredZone() {
        CallClassifier newYork = new CallClassifier(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("America/New_York"));

        assertThat(utc.nextDailyReset(NOW)).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
        assertThat(newYork.nextDailyReset(NOW)).isEqualTo(Instant.parse("2026-03-11T04:00:00Z"));
    }

    @Test
    void wrappedExceptionsAreClassifiedByTheirCause() {
        assertThat(utc.classify(REQUEST, new CompletionException(new HttpTimeoutException("request timed out"))).failure().kind())
                .isEqualTo(CallFailure.Kind.TIMEOUT);
        assertThat(utc.classify(REQUEST, new CompletionException(new ConnectException("Connection refused"))).failure().kind())
                .isEqualTo(CallFailure.Kind.CONNECTION);
        assertThat(utc.classify(REQUEST, new IOException("Connection reset")).failure().message())
                .isEqualTo("connection to HubSpot failed or closed early (IOException: Connection reset)");
        assertThat(utc.classify(REQUEST, new IllegalStateException("bug")).failure().kind())
                .isEqualTo(CallFailure.Kind.UNEXPECTED);
    }

    @Test
    void everyExceptionGivesEveryIdATransientOutcome() {
        HttpCallResult result = utc.classify(REQUEST, new IOException("boom"));

        assertThat(result.result().outcomes()).containsOnlyKeys("1", "2");
        assertThat(result.result().outcomes().values()).allMatch(IdOutcome.Transient.class::isInstance);
        assertThat(result.httpStatus()).isNull();
    }

    @Test
    void otherClientErrorsArePermanentAndRequestTimeoutIsNot() {
        assertThat(utc.classify(REQUEST, 404, NO_HEADERS, "{\"message\":\"Unknown object type\"}").result().outcomes().get("1"))
                .isInstanceOf(IdOutcome.Failed.class);
        assertThat(utc.classify(REQUEST, 408, NO_HEADERS, "").result().outcomes().get("1"))
                .isInstanceOf(IdOutcome.Transient.class);
        assertThat(utc.classify(REQUEST, 414, NO_HEADERS, "").failure().kind()).isEqualTo(CallFailure.Kind.TOO_LARGE);
    }

    @Test
    void longHtmlBodiesAreCutInTheMessage() {
        String html = "<html>" + "x".repeat(5_000) + "</html>";

        String message = utc.classify(REQUEST, 502, NO_HEADERS, html).failure().message();

        assertThat(message).startsWith("HubSpot answered 502: <html>xxx").endsWith("...").hasSizeLessThan(400);
    }

    @Test
    void migrationWithoutRetryAfterIsTransient() {
        assertThat(utc.classify(REQUEST, 477, NO_HEADERS, "").result().outcomes().get("1")).isInstanceOf(IdOutcome.Transient.class);
    }

    @Test
    void anyKindOfCallGetsTheSameClassificationOfAnErrorAnswer() {
        CallClassifier classifier = new CallClassifier(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC);
        java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);

        var daily = classifier.classifyError(429, none, "{\"policyName\":\"DAILY\",\"message\":\"daily\"}");
        var scopes = classifier.classifyError(403, none, "{\"category\":\"MISSING_SCOPES\",\"message\":\"no\","
                + "\"context\":{\"requiredScopes\":[\"crm.objects.contacts.read\"]}}");
        var down = classifier.classifyError(503, none, "");

        assertThat(daily.failure().kind()).isEqualTo(CallFailure.Kind.DAILY_LIMIT);
        assertThat(daily.outcome()).isInstanceOf(IdOutcome.Deferred.class);
        assertThat(scopes.failure().kind()).isEqualTo(CallFailure.Kind.FORBIDDEN);
        assertThat(scopes.outcome()).isInstanceOfSatisfying(IdOutcome.Failed.class,
                failed -> assertThat(failed.detail().reason()).isEqualTo(com.associationenricher.events.avro.DeadLetterReason.MISSING_SCOPES));
        assertThat(down.failure().retryable()).isTrue();
        assertThat(down.outcome()).isInstanceOf(IdOutcome.Transient.class);
    }
}
