package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.SignatureVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    static final String SECRET = "c5a6b2f4-1234-4bd0-9a7e-0123456789ab";
    static final String URI = "https://hooks.example.com/webhooks/hubspot?tenant=a";
    static final String BODY = "[{\"eventId\":1,\"portalId\":62515,\"appId\":7,\"occurredAt\":1700000000000,"
            + "\"subscriptionType\":\"contact.creation\",\"objectId\":123}]";
    static final long NOW = 1_700_000_100_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    final SignatureVerifier v3Only = verifier(Set.of(SignatureVersion.V3), SECRET);

    @Test
    void aV3SignatureComputedByHubSpotsAlgorithmIsAccepted() {
        SignatureCheck check = v3Only.verify(v3Request(SECRET, "POST", URI, BODY, NOW - 1_000));

        assertThat(check.valid()).as(check.reason()).isTrue();
    }

    @Test
    void aTamperedBodyIsRefused() {
        String signature = HubSpotSigner.v3(SECRET, "POST", URI, BODY, NOW);
        SignatureCheck check = v3Only.verify(request("POST", URI, BODY.replace("123", "124"),
                Map.of(SignedRequest.SIGNATURE_V3, signature, SignedRequest.TIMESTAMP, String.valueOf(NOW))));

        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("matches no app secret");
    }

    @Test
    void aSignatureForAnotherUrlOrMethodIsRefused() {
        String forOtherUrl = HubSpotSigner.v3(SECRET, "POST", "https://other.example.com/webhooks/hubspot?tenant=a", BODY, NOW);
        String forPut = HubSpotSigner.v3(SECRET, "PUT", URI, BODY, NOW);

        assertThat(v3Only.verify(request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE_V3, forOtherUrl,
                SignedRequest.TIMESTAMP, String.valueOf(NOW)))).valid()).isFalse();
        assertThat(v3Only.verify(request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE_V3, forPut,
                SignedRequest.TIMESTAMP, String.valueOf(NOW)))).valid()).isFalse();
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        assertThat(v3Only.verify(v3Request("another-secret", "POST", URI, BODY, NOW)).valid()).isFalse();
    }

    @Test
    void anyOfSeveralSecretsMayMatch() {
        SignatureVerifier twoApps = verifier(Set.of(SignatureVersion.V3), "first-secret", SECRET);

        assertThat(twoApps.verify(v3Request(SECRET, "POST", URI, BODY, NOW)).valid()).isTrue();
        assertThat(twoApps.verify(v3Request("first-secret", "POST", URI, BODY, NOW)).valid()).isTrue();
        assertThat(twoApps.verify(v3Request("third-secret", "POST", URI, BODY, NOW)).valid()).isFalse();
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithAValidSignature() {
        long sixMinutesAgo = NOW - Duration.ofMinutes(6).toMillis();
        SignatureCheck check = v3Only.verify(v3Request(SECRET, "POST", URI, BODY, sixMinutesAgo));

        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("older than");
    }

    @Test
    void aTimestampFarInTheFutureIsRefused() {
        long inSixMinutes = NOW + Duration.ofMinutes(6).toMillis();
        SignatureCheck check = v3Only.verify(v3Request(SECRET, "POST", URI, BODY, inSixMinutes));

        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("future");
    }

    @Test
    void aTimestampJustInsideTheWindowIsAccepted() {
        long almostFiveMinutesAgo = NOW - Duration.ofMinutes(5).toMillis() + 1;
        assertThat(v3Only.verify(v3Request(SECRET, "POST", URI, BODY, almostFiveMinutesAgo)).valid()).isTrue();
    }

    @Test
    void aMissingOrUnreadableTimestampIsRefused() {
        String signature = HubSpotSigner.v3(SECRET, "POST", URI, BODY, NOW);
        assertThat(v3Only.verify(request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE_V3, signature))).valid())
                .isFalse();
        assertThat(v3Only.verify(request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE_V3, signature,
                SignedRequest.TIMESTAMP, "yesterday"))).valid()).isFalse();
    }

    @Test
    void aRequestWithoutSignatureIsRefused() {
        SignatureCheck check = v3Only.verify(request("POST", URI, BODY, Map.of()));

        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("no signature");
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        String signature = HubSpotSigner.v3(SECRET, "POST", URI, BODY, NOW);
        assertThat(v3Only.verify(request("POST", URI, BODY, Map.of("x-hubspot-signature-V3", signature,
                "x-hubspot-request-timestamp", String.valueOf(NOW)))).valid()).isTrue();
    }

    @Test
    void v3DecodesTheEscapesHubSpotDecodesBeforeSigning() {
        String asCalled = "https://hooks.example.com/webhooks/hubspot?next=%2Fa%3Ab%40c&name=a%20b";
        String asSigned = "https://hooks.example.com/webhooks/hubspot?next=/a:b@c&name=a%20b";
        String signature = HubSpotSigner.v3(SECRET, "POST", asSigned, BODY, NOW);

        assertThat(v3Only.verify(request("POST", asCalled, BODY, Map.of(SignedRequest.SIGNATURE_V3, signature,
                SignedRequest.TIMESTAMP, String.valueOf(NOW)))).valid()).isTrue();
    }

    @Test
    void v1AndV2AreRefusedUnlessEnabled() {
        SignedRequest v2 = request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE, HubSpotSigner.v2(SECRET, "POST", URI, BODY),
                SignedRequest.SIGNATURE_VERSION, "v2"));
        SignedRequest v1 = request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE, HubSpotSigner.v1(SECRET, BODY),
                SignedRequest.SIGNATURE_VERSION, "v1"));

        assertThat(v3Only.verify(v2).valid()).isFalse();
        assertThat(v3Only.verify(v1).valid()).isFalse();

        SignatureVerifier legacy = verifier(Set.of(SignatureVersion.V1, SignatureVersion.V2), SECRET);
        assertThat(legacy.verify(v2).valid()).isTrue();
        assertThat(legacy.verify(v1).valid()).isTrue();
        assertThat(verifier(Set.of(SignatureVersion.V2), SECRET).verify(v1).valid()).isFalse();
    }

    @Test
    void v2MatchesHubSpotsDocumentedExample() {
        SignatureVerifier legacy = verifier(Set.of(SignatureVersion.V2), "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy");
        SignedRequest documented = request("GET", "https://www.example.com/webhook_uri", "", Map.of(
                SignedRequest.SIGNATURE, "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
                SignedRequest.SIGNATURE_VERSION, "v2"));

        assertThat(legacy.verify(documented).valid()).isTrue();
    }

    @Test
    void aTamperedV1BodyIsRefused() {
        SignatureVerifier legacy = verifier(Set.of(SignatureVersion.V1), SECRET);
        assertThat(legacy.verify(request("POST", URI, BODY + " ", Map.of(SignedRequest.SIGNATURE,
                HubSpotSigner.v1(SECRET, BODY), SignedRequest.SIGNATURE_VERSION, "v1"))).valid()).isFalse();
    }

    @Test
    void anInvalidV3IsNotRescuedByAnEnabledV2() {
        SignatureVerifier both = verifier(Set.of(SignatureVersion.V2, SignatureVersion.V3), SECRET);
        SignedRequest request = request("POST", URI, BODY, Map.of(
                SignedRequest.SIGNATURE_V3, HubSpotSigner.v3("wrong", "POST", URI, BODY, NOW),
                SignedRequest.TIMESTAMP, String.valueOf(NOW),
                SignedRequest.SIGNATURE, HubSpotSigner.v2(SECRET, "POST", URI, BODY),
                SignedRequest.SIGNATURE_VERSION, "v2"));

        assertThat(both.verify(request).valid()).isFalse();
    }

    @Test
    void theReasonNeverContainsTheSignatureOrSecret() {
        String signature = HubSpotSigner.v3("wrong", "POST", URI, BODY, NOW);
        SignatureCheck check = v3Only.verify(request("POST", URI, BODY, Map.of(SignedRequest.SIGNATURE_V3, signature,
                SignedRequest.TIMESTAMP, String.valueOf(NOW))));

        assertThat(check.reason()).doesNotContain(signature).doesNotContain(SECRET);
    }

    static SignatureVerifier verifier(Set<SignatureVersion> versions, String... secrets) {
        return new SignatureVerifier(List.of(secrets), versions, Duration.ofMinutes(5), CLOCK);
    }

    static SignedRequest v3Request(String secret, String method, String uri, String body, long timestamp) {
        return request(method, uri, body, Map.of(SignedRequest.SIGNATURE_V3, HubSpotSigner.v3(secret, method, uri, body, timestamp),
                SignedRequest.TIMESTAMP, String.valueOf(timestamp)));
    }

    static SignedRequest request(String method, String uri, String body, Map<String, String> headers) {
        return new SignedRequest(method, uri, body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
