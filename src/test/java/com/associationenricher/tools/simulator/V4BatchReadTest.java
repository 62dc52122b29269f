package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class V4BatchReadTest {

    private static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;

    private HubSpotSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v4", "2026-03"})
    void answersCarryNumericToObjectIdsAndHubSpotDefinedTypes(String version) throws Exception {
        SimulatorClient client = start(SimulatorSettings.defaults());
        String id = V3BatchReadTest.idsWhere(n -> n > 0, 1).get(0);
        HttpResponse<String> response = client.batchRead(version, "contacts", "companies", List.of(id));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response).get("results").get(0);
        assertThat(result.get("from").get("id").isTextual()).isTrue();
        assertThat(result.get("from").get("id").asText()).isEqualTo(id);
        JsonNode first = result.get("to").get(0);
        assertThat(first.get("toObjectId").isNumber()).isTrue();
        JsonNode type = first.get("associationTypes").get(0);
        assertThat(type.get("category").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(type.get("typeId").asInt()).isEqualTo(279);
        assertThat(type.has("label")).isTrue();
        assertThat(type.get("label").isNull()).isTrue();
        assertThat(toObjectIds(result)).isEqualTo(truth("contacts", id, "companies"));
        assertThat(result.has("paging")).isFalse();
    }

    @Test
    void aPageOf500HoldsAllOneHundredFiftyAssociationsAtOnce() throws Exception {
        SimulatorClient client = start(SimulatorSettings.defaults());
        JsonNode result = json(client.batchRead("v4", "deals", "contacts", List.of("31999"))).get("results").get(0);

        assertThat(toObjectIds(result)).hasSize(150).isEqualTo(truth("deals", "31999", "contacts"));
        assertThat(result.has("paging")).isFalse();
    }

    @Test
    void followingPerObjectPagingReconstructsAllOneHundredFifty() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().v4PageSize(40).build());
        List<String> collected = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String input = after == null ? "{\"id\":\"31999\"}" : "{\"id\":\"31999\",\"after\":\"" + after + "\"}";
            JsonNode result = json(client.post(SimulatorClient.batchPath("v4", "deals", "contacts"), "{\"inputs\":[" + input + "]}"))
                    .get("results").get(0);
            collected.addAll(toObjectIds(result));
            after = result.has("paging") ? result.get("paging").get("next").get("after").asText() : null;
            pages++;
        } while (after != null && pages < 10);

        assertThat(pages).isEqualTo(4);
        assertThat(collected).isEqualTo(truth("deals", "31999", "contacts"));
    }

    @Test
    void aForeignPagingCursorIsAValidationErrorForThatIdOnly() throws Exception {
        SimulatorClient client = start(SimulatorSettings.defaults());
        String good = V3BatchReadTest.idsWhere(n -> n > 0, 1).get(0);
        HttpResponse<String> response = client.post(SimulatorClient.batchPath("v4", "contacts", "companies"),
                "{\"inputs\":[{\"id\":\"31999\",\"after\":\"%%%\"},{\"id\":\"" + good + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = json(response);
        assertThat(body.get("errors").get(0).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.get("errors").get(0).get("context").get("fromObjectId").get(0).asText()).isEqualTo("31999");
        assertThat(body.get("results")).hasSize(1);
    }

    @Test
    void v4ReportsNoAssociationsFoundLikeV3() throws Exception {
        SimulatorClient client = start(SimulatorSettings.defaults());
        String lonely = V3BatchReadTest.idsWhere(n -> n == 0, 1).get(0);
        HttpResponse<String> response = client.batchRead("v4", "contacts", "companies", List.of(lonely));

        assertThat(response.statusCode()).isEqualTo(207);
        assertThat(json(response).get("results")).isEmpty();
        assertThat(json(response).get("errors").get(0).get("subCategory").asText()).isEqualTo("crm.associations.NO_ASSOCIATIONS_FOUND");
    }

    private SimulatorClient start(SimulatorSettings settings) {
        simulator = HubSpotSimulator.start(settings);
        return new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
    }

    private static List<String> toObjectIds(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.get("to").forEach(t -> ids.add(Long.toString(t.get("toObjectId").asLong())));
        return ids;
    }

    private static List<String> truth(String from, String id, String to) {
        return AssociationTruth.associations(PORTAL, from, id, to).stream().map(TrueAssociation::toObjectId).toList();
    }
}
