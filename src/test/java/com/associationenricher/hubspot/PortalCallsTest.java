package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second kind of call (here an object listing, as the backfill makes) goes through the same portal's policies as
 * the lookups: {@link PortalCalls#execute} with its own classified answer.
 */
class PortalCallsTest {

    /** One page of {@code GET /crm/v3/objects/{type}}, classified the way the policies need. */
    record ListPage(String body, Integer httpStatus, CallFailure failure) implements ClassifiedAnswer {
    }

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SharedCallLimits shared = ResilienceFixtures.shared(registry);
    final HttpClient http = HttpClient.newHttpClient();
    final CallClassifier classifier = CallClassifier.utc();

    @AfterEach
    void stop() {
        shared.close();
        server.close();
    }

    CompletableFuture<ListPage> listContacts(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/crm/v3/objects/contacts?limit=100"))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> response.statusCode() == 200
                ? new ListPage(response.body(), 200, null)
                : new ListPage(null, response.statusCode(),
                        classifier.classifyError(response.statusCode(), response.headers(), response.body()).failure()));
    }

    @Test
    void aListingCallIsRetriedPacedAndCountedByTheSamePortalPolicies() throws Exception {
        server.answer(Answer.status(503)).answer(Answer.json(200, "{\"results\":[{\"id\":\"1\"}]}"));
        ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat-list"),
                fast(), shared);

        PortalVerdict<ListPage> verdict = reader.calls().<ListPage>execute(1, this::listContacts).get(10, TimeUnit.SECONDS);

        assertThat(verdict).isInstanceOfSatisfying(PortalVerdict.Answered.class, answered ->
                assertThat(((ListPage) answered.answer()).body()).contains("\"id\":\"1\""));
        assertThat(server.requests("/crm/v3/objects/contacts")).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer pat-list"));
        assertThat(registry.get(HubSpotCallMetrics.RETRIES).tag("kind", "SERVER_ERROR").counter().count()).isEqualTo(1);
    }

    @Test
    void aListingCallWaitsWhileThePortalsCircuitIsOpen() throws Exception {
        ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat-list"),
                fast().withBreaker(1, 1, Duration.ofSeconds(30), 1), shared);
        reader.circuitBreaker().open();

        PortalVerdict<ListPage> verdict = reader.calls().<ListPage>execute(1, this::listContacts).get(10, TimeUnit.SECONDS);

        assertThat(verdict).isInstanceOf(PortalVerdict.Wait.class);
        assertThat(server.requests()).isEmpty();
    }
}
