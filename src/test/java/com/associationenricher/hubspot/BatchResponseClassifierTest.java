package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchResponseClassifierTest {

    static BatchReadResult classify(String json, String... ids) throws Exception {
        BatchReadResponse response = HubSpotJson.MAPPER.readValue(json, BatchReadResponse.class);
        return BatchResponseClassifier.classify(new BatchReadRequest(1L, "deals", "companies", List.of(ids)), 207, response);
    }

    @Test
    void numericFromIdsMatchTheirStringForm() throws Exception {
        BatchReadResult result = classify("{\"results\":[{\"from\":{\"id\":37295},\"to\":[{\"id\":12726,\"type\":\"t\"}]}]}", "37295");

        assertThat(result.outcomes().get("37295"))
                .isEqualTo(new IdOutcome.Found(List.of(FoundAssociation.v3("12726", "t")), true, "v3"));
    }

    @Test
    void unrequestedAndDuplicateResultsAreIgnoredAndTheFirstAnswerWins() throws Exception {
        BatchReadResult result = classify("""
                {"results":[{"from":{"id":"1"},"to":[{"id":"a","type":"t"}]},
                            {"from":{"id":"1"},"to":[{"id":"b","type":"t"}]},
                            {"from":{"id":"77"},"to":[]}],
                 "errors":[{"category":"OBJECT_NOT_FOUND","message":"gone","context":{"id":["1"]}}]}""", "1");

        assertThat(result.outcomes()).containsOnlyKeys("1");
        assertThat(result.outcomes().get("1")).isEqualTo(new IdOutcome.Found(List.of(FoundAssociation.v3("a", "t")), true, "v3"));
    }

    @Test
    void anErrorNamingNoIdsAppliesToEveryUnansweredId() throws Exception {
        BatchReadResult result = classify("""
                {"results":[{"from":{"id":"1"},"to":[]}],
                 "errors":[{"category":"RATE_LIMITS","subCategory":{},"message":"something broke","context":{}}]}""", "1", "2", "3");

        assertThat(result.outcomes().get("1")).isInstanceOf(IdOutcome.Found.class);
        for (String id : List.of("2", "3")) {
            assertThat(result.outcomes().get(id)).isInstanceOfSatisfying(IdOutcome.Failed.class, failed -> {
                assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.OBJECT_ERROR);
                assertThat(failed.detail().message()).isEqualTo("something broke");
                assertThat(failed.detail().subCategory()).isNull();
            });
        }
    }

    @Test
    void noAssociationsFoundWithoutAnyIdDoesNotClaimOtherIdsAreEmpty() throws Exception {
        BatchReadResult result = classify("""
                {"errors":[{"category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND",
                            "message":"No associations."}]}""", "1");

        assertThat(result.outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Failed.class,
                failed -> assertThat(failed.detail().reason()).isEqualTo(DeadLetterReason.UNACCOUNTED));
    }

    @Test
    void oneErrorMayNameSeveralIds() throws Exception {
        BatchReadResult result = classify("""
                {"errors":[{"category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND",
                            "message":"No company is associated with deal 1.","context":{"fromObjectId":["1","2"]}}]}""", "1", "2");

        assertThat(result.outcomes().values()).containsOnly(new IdOutcome.Found(List.of(), true, "v3"));
    }

    @Test
    void errorContextKeepsHubSpotsMapOfLists() throws Exception {
        BatchReadResult result = classify("""
                {"errors":[{"category":"VALIDATION_ERROR","message":"bad","context":{"ids":["9"],"propertyName":"x"}}]}""", "9");

        assertThat(((IdOutcome.Failed) result.outcomes().get("9")).detail().context())
                .isEqualTo(Map.of("ids", List.of("9"), "propertyName", List.of("x")));
    }

    @Test
    void readsTheIdFromANoAssociationsMessage() {
        assertThat(BatchResponseClassifier.idInMessage("No company is associated with deal 123.")).contains("123");
        assertThat(BatchResponseClassifier.idInMessage("No contact is associated with line item 9-8")).contains("9-8");
        assertThat(BatchResponseClassifier.idInMessage("Something else entirely")).isEmpty();
        assertThat(BatchResponseClassifier.idInMessage(null)).isEmpty();
    }
}
