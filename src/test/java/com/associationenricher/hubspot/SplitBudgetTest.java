package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.ids;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Issue 15 item 7: a 400 about the request, not about particular ids, costs a handful of calls, not 2n-1. */
class SplitBudgetTest extends AgainstScriptedServer {

    static final String BAD_PAIR = "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
            + "\"message\":\"Unable to infer object type from: dealz\"}";

    ResilientAssociationsReader reader() {
        return ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat-test"), fast(), shared);
    }

    @Test
    void aRequestLevel400StopsSplittingWhenBothHalvesFailAlikeAndDeadLettersEveryIdWithIt() throws Exception {
        server.respondWith(request -> Answer.json(400, BAD_PAIR));

        BatchReadResult result = read(reader(), request(ids(1, 1000)));

        assertThat(result.outcomes()).hasSize(1000).allSatisfy((id, outcome) ->
                assertThat(outcome).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
                    assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.VALIDATION);
                    assertThat(failed.detail().httpStatus()).isEqualTo(400);
                    assertThat(failed.detail().message()).contains("Unable to infer object type from: dealz");
                }));
        // The batch, its halves, the halves of one half to confirm: five calls, where splitting to single ids cost 1,999.
        assertThat(server.requests()).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void manyBadIdsCostAtMostFourCallsPerLevelOfTheSplit() throws Exception {
        // Fifty bad ids spread over the batch, each named by HubSpot's error: isolating them all would take hundreds
        // of calls. Parts still rejected when the budget is spent are dead-lettered with their error.
        Set<String> bad = ids(1, 1000).stream().filter(id -> Integer.parseInt(id) % 20 == 0).collect(Collectors.toSet());
        server.respondWith(request -> {
            List<String> named = idsOf(request).stream().filter(bad::contains).toList();
            return named.isEmpty() ? found(idsOf(request)) : Answer.json(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
                    + "\"message\":\"Invalid object id '" + named.get(0) + "'\"}");
        });

        BatchReadResult result = read(reader(), request(ids(1, 1000)));

        // 1,000 ids: ten levels; the first call plus four per level.
        assertThat(server.requests()).hasSizeLessThanOrEqualTo(1 + 4 * 10);
        assertThat(result.outcomes()).hasSize(1000);
        assertThat(bad).allSatisfy(id -> assertThat(result.outcomes().get(id)).isInstanceOfSatisfying(IdOutcome.Failed.class,
                failed -> assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.VALIDATION)));
        assertThat(result.outcomes()).allSatisfy((id, outcome) -> {
            if (!bad.contains(id) && outcome instanceof IdOutcome.Failed failed) {
                assertThat(failed.detail().message()).as("a good id left in a rejected part says why")
                        .contains("not split further");
            }
        });
    }

    @Test
    void aGeneric400FromTwoBadIdsInDifferentHalvesIsNotMistakenForARequestLevelOne() throws Exception {
        Set<String> bad = Set.of("1", "3");
        server.respondWith(request -> idsOf(request).stream().anyMatch(bad::contains)
                ? Answer.json(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":\"Invalid input\"}")
                : found(idsOf(request)));

        BatchReadResult result = read(reader(), request("1", "2", "3", "4", "5"));

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Failed.class);
        assertThat(result.outcomes().get("3")).isInstanceOf(IdOutcome.Failed.class);
        assertThat(List.of("2", "4", "5")).allSatisfy(id -> assertThat(result.outcomes().get(id)).isInstanceOf(IdOutcome.Found.class));
    }
}
