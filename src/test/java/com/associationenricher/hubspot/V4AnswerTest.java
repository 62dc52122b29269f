package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.config.HubSpotSettings;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.ops.EnricherMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** v4 answers as HubSpot sends them: labels, the after cursor sent back, and the readers built from the config. */
class V4AnswerTest {

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        shared.close();
        server.close();
    }

    @Test
    void anObjectAssociatedUnderTwoLabelsGivesTwoEntriesAndTheCursorIsSentBack() throws Exception {
        server.answer(Answer.json(200, """
                {"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[
                  {"toObjectId":501,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":5,"label":null},
                                                        {"category":"USER_DEFINED","typeId":37,"label":"Billing contact"}]}],
                  "paging":{"next":{"after":"MTAw","link":"?after=MTAw"}}}]}"""))
                .answer(Answer.json(200, """
                {"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[
                  {"toObjectId":502,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":5}]}]}]}"""));
        ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat"),
                fast().withApi(AssociationsApi.V4, false), shared);

        BatchReadResult result = read(reader, request("1"));

        assertThat(result.outcomes().get("1")).isEqualTo(new IdOutcome.Found(List.of(
                new FoundAssociation("501", null, 5, "HUBSPOT_DEFINED", null),
                new FoundAssociation("501", null, 37, "USER_DEFINED", "Billing contact"),
                new FoundAssociation("502", null, 5, "HUBSPOT_DEFINED", null)), true, "v4"));
        assertThat(server.requests()).extracting(ScriptedHubSpotServer.RecordedRequest::path)
                .containsOnly("/crm/v4/associations/deals/companies/batch/read");
        assertThat(server.requests().get(0).body()).isEqualTo("{\"inputs\":[{\"id\":\"1\"}]}");
        assertThat(server.requests().get(1).body()).isEqualTo("{\"inputs\":[{\"id\":\"1\",\"after\":\"MTAw\"}]}");
    }

    @Test
    void theFactoryBuildsOneResilientReaderPerPortalBehindTheRouter() throws Exception {
        server.answer(Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"1\"},\"to\":[{\"toObjectId\":7,\"associationTypes\":[{\"category\":\"HUBSPOT_DEFINED\",\"typeId\":5}]}]}]}"));
        HubSpotSettings settings = new HubSpotSettings(server.baseUrl(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), AssociationsApi.V2026_03, Duration.ofSeconds(2), 100, Duration.ofSeconds(10), 4, 8,
                Duration.ofHours(1), false, Map.of("42.token", "pat-42"));

        try (AssociationsReader reader = AssociationsReaders.create(settings, EnricherMetrics.inMemory())) {
            BatchReadResult known = read(reader, request("1"));
            BatchReadResult unknown = read(reader, new BatchReadRequest(7L, "deals", "companies", List.of("1")));

            assertThat(known.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Found.class, found ->
                    assertThat(found.apiVersion()).isEqualTo("2026-03"));
            assertThat(unknown.outcomes().get("1")).isInstanceOf(IdOutcome.Failed.class);
            assertThat(server.requests()).singleElement().satisfies(sent -> {
                assertThat(sent.path()).isEqualTo("/crm/associations/2026-03/deals/companies/batch/read");
                assertThat(sent.header("Authorization")).isEqualTo("Bearer pat-42");
            });
        }
    }
}
