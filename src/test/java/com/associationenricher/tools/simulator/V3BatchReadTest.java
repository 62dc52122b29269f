package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class V3BatchReadTest {

    private static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;

    private HubSpotSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().failIds(List.of("4242")).build());
        client = new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void idsThatAllHaveAssociationsGet200WithTheTruthAndNoErrors() throws Exception {
        List<String> ids = idsWhere(n -> n > 0, 20);
        HttpResponse<String> response = client.batchRead("v3", "contacts", "companies", ids);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(body.has("errors")).isFalse();
        assertThat(body.has("numErrors")).isFalse();
        assertThat(body.get("requestedAt").asText()).isNotBlank();
        assertThat(body.get("startedAt").asText()).isNotBlank();
        assertThat(body.get("completedAt").asText()).isNotBlank();
        assertThat(v3Results(body)).isEqualTo(truth(ids, "contacts", "companies"));
        assertThat(body.get("results").get(0).get("to").get(0).get("type").asText()).isEqualTo("contact_to_company");
    }

    @Test
    void resultsComeInAnotherOrderThanTheInputs() throws Exception {
        List<String> ids = idsWhere(n -> n > 0, 50);
        JsonNode body = json(client.batchRead("v3", "contacts", "companies", ids));
        List<String> order = StreamSupport.stream(body.get("results").spliterator(), false)
                .map(r -> r.get("from").get("id").asText()).toList();
        assertThat(order).containsExactlyInAnyOrderElementsOf(ids).isNotEqualTo(ids);
    }

    @Test
    void idsWithoutAssociationsAreLeftOutAndReportedAsNoAssociationsFoundIn207() throws Exception {
        String lonely = idsWhere(n -> n == 0, 1).get(0);
        String found = idsWhere(n -> n > 0, 1).get(0);
        HttpResponse<String> response = client.batchRead("v3", "contacts", "companies", List.of(found, lonely));

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = json(response);
        assertThat(body.get("numErrors").asInt()).isEqualTo(1);
        assertThat(v3Results(body)).containsOnlyKeys(found);
        JsonNode error = body.get("errors").get(0);
        assertThat(error.get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(error.get("subCategory").asText()).isEqualTo("crm.associations.NO_ASSOCIATIONS_FOUND");
        assertThat(error.get("context").get("fromObjectId").get(0).asText()).isEqualTo(lonely);
        assertThat(error.get("message").asText()).isEqualTo("No company is associated with contact " + lonely + ".");
    }

    @Test
    void configuredFailingIdsGetAnErrorEntryNamingThem() throws Exception {
        HttpResponse<String> response = client.batchRead("v3", "contacts", "companies", List.of("4242"));

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode error = json(response).get("errors").get(0);
        assertThat(error.get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(error.has("subCategory")).isFalse();
        assertThat(error.get("context").get("fromObjectId").get(0).asText()).isEqualTo("4242");
        assertThat(json(response).get("results")).isEmpty();
    }

    @Test
    void nonNumericIdsGetAValidationErrorEntryWhileTheOthersAreServed() throws Exception {
        String good = idsWhere(n -> n > 0, 1).get(0);
        HttpResponse<String> response = client.batchRead("v3", "contacts", "companies", List.of("abc", good));

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = json(response);
        assertThat(body.get("errors").get(0).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.get("errors").get(0).get("context").get("fromObjectId").get(0).asText()).isEqualTo("abc");
        assertThat(v3Results(body)).containsOnlyKeys(good);
    }

    @Test
    void moreThanAThousandInputsAreRejectedWith400ValidationError() throws Exception {
        List<String> ids = IntStream.range(0, 1_001).mapToObj(i -> Integer.toString(10_000 + i)).toList();
        HttpResponse<String> response = client.batchRead("v3", "contacts", "companies", ids);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(client.batchRead("v3", "contacts", "companies", ids.subList(0, 1_000)).statusCode()).isIn(200, 207);
    }

    @Test
    void aBodyThatIsNotJsonIsA400ValidationError() throws Exception {
        HttpResponse<String> response = client.post(SimulatorClient.batchPath("v3", "contacts", "companies"), "{\"inputs\":[");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void v3ShowsOnlyTheFirstHundredOfAnObjectWith150AndSaysThereIsMore() throws Exception {
        JsonNode body = json(client.batchRead("v3", "deals", "contacts", List.of("7000999")));
        JsonNode result = body.get("results").get(0);
        List<String> shown = StreamSupport.stream(result.get("to").spliterator(), false).map(t -> t.get("id").asText()).toList();

        assertThat(shown).isEqualTo(AssociationTruth.associations(PORTAL, "deals", "7000999", "contacts").stream()
                .limit(100).map(TrueAssociation::toObjectId).toList());
        assertThat(result.get("paging").get("next").get("after").asText()).isNotBlank();
    }

    private static Map<String, List<String>> v3Results(JsonNode body) {
        Map<String, List<String>> results = new TreeMap<>();
        for (JsonNode result : body.get("results")) {
            List<String> to = new ArrayList<>();
            result.get("to").forEach(t -> to.add(t.get("id").asText()));
            results.put(result.get("from").get("id").asText(), to);
        }
        return results;
    }

    static Map<String, List<String>> truth(List<String> ids, String from, String to) {
        Map<String, List<String>> truth = new TreeMap<>();
        ids.forEach(id -> truth.put(id, AssociationTruth.associations(PORTAL, from, id, to).stream()
                .map(TrueAssociation::toObjectId).toList()));
        return truth;
    }

    /** The first {@code count} ids from 50,000 up whose number of contact-to-company associations passes the test. */
    static List<String> idsWhere(java.util.function.IntPredicate sizeTest, int count) {
        return IntStream.iterate(50_000, i -> i + 1)
                .mapToObj(Integer::toString)
                .filter(id -> !id.endsWith("999"))
                .filter(id -> sizeTest.test(AssociationTruth.associations(PORTAL, "contacts", id, "companies").size()))
                .limit(count)
                .toList();
    }
}
