package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The object lister's outcomes never carry the token, even when HubSpot's edge echoes the Authorization header. */
class ObjectListTokenHygieneTest {

    static final String TOKEN = "pat-na1-SECRET-list-5b1d-hygiene";

    @Test
    void theTokenAppearsInNoListingOutcome() throws Exception {
        List<Supplier<Answer>> script = List.of(
                () -> Answer.json(403, "{\"category\":\"MISSING_SCOPES\",\"message\":\"Bearer " + TOKEN + "\",\"context\":{\"missingScopes\":[\"a\"]}}"),
                () -> Answer.json(400, "{\"category\":\"VALIDATION_ERROR\",\"message\":\"bad " + TOKEN + "\"}"),
                () -> Answer.status(502).body("<html>upstream said Bearer " + TOKEN + "</html>"),
                () -> Answer.json(429, "{\"policyName\":\"DAILY\",\"message\":\"daily " + TOKEN + "\"}"),
                () -> Answer.json(200, "{\"results\":[{\"nope\":\"" + TOKEN + "\"}]}"));
        List<String> texts = new ArrayList<>();
        ResilienceSettings settings = ResilienceFixtures.fast().withRetries(0, java.time.Duration.ofMillis(10),
                java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10)).withApi(AssociationsApi.V3, false);
        for (Supplier<Answer> answer : script) {
            try (ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
                 SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry())) {
                server.respondWith(request -> answer.get());
                ResilientObjectLister lister = ResilientObjectLister.create(1L, server.baseUrl(), new StaticTokenProvider(TOKEN),
                        settings, shared, HttpClient.newHttpClient(), Clock.systemUTC(), ZoneOffset.UTC);
                ObjectListing listing = lister.page("contacts", null, false).get(30, TimeUnit.SECONDS);
                assertThat(listing).isNotInstanceOf(ObjectListing.Page.class);
                texts.add(listing.toString());
                texts.add(lister.toString());
                assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
            }
        }
        assertThat(String.join("\n", texts)).contains("[redacted]").doesNotContain(TOKEN).doesNotContain("SECRET-list");
    }
}
