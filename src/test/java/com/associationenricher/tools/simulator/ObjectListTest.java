package com.associationenricher.tools.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's object lists: paging, the 100 cap, the recycle bin, scopes, and batch/read agreeing with them. */
class ObjectListTest {

    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;
    HubSpotSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    SimulatorClient client() {
        return new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
    }

    @Test
    void pagesEveryObjectInIdOrderFollowingPagingNextAfterUntilItIsAbsent() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        List<String> seeded = simulator.universe().seed(PORTAL, "contacts", 5_000, 250);
        List<String> listed = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            HttpResponse<String> response = client().get("/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + after));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = SimulatorClient.json(response);
            body.get("results").forEach(object -> listed.add(object.get("id").asText()));
            after = body.path("paging").path("next").path("after").isMissingNode() ? null
                    : body.path("paging").path("next").path("after").asText();
            pages++;
        } while (after != null);
        assertThat(listed).containsExactlyElementsOf(seeded);
        assertThat(pages).isEqualTo(3);
        assertThat(simulator.stats().calls(Endpoint.OBJECT_LIST)).isEqualTo(3);
    }

    @Test
    void defaultPageIsTenAndMoreThanOneHundredPerPageIsRefused() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        simulator.universe().seed(PORTAL, "companies", 1, 30);
        JsonNode page = SimulatorClient.json(client().get("/crm/v3/objects/companies"));
        assertThat(page.get("results")).hasSize(10);
        HttpResponse<String> tooMany = client().get("/crm/v3/objects/companies?limit=101");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(SimulatorClient.json(tooMany).get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void deletedObjectsLeaveTheLiveListForTheRecycleBinAndLoseTheirAssociations() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        simulator.universe().seed(PORTAL, "contacts", 100, 5);
        assertThat(AssociationTruth.associations(PORTAL, "contacts", "101", "companies")).isNotEmpty();
        simulator.universe().delete(PORTAL, "contacts", "101");
        List<TrueAssociation> replaced = List.of(new TrueAssociation("77", "contact_to_company"));
        simulator.universe().setAssociations(PORTAL, "contacts", "102", "companies", replaced);

        JsonNode live = SimulatorClient.json(client().get("/crm/v3/objects/contacts?limit=100"));
        JsonNode bin = SimulatorClient.json(client().get("/crm/v3/objects/contacts?limit=100&archived=true"));
        assertThat(live.get("results").findValuesAsText("id")).containsExactly("100", "102", "103", "104");
        assertThat(bin.get("results").findValuesAsText("id")).containsExactly("101");
        assertThat(bin.get("results").get(0).get("archived").asBoolean()).isTrue();

        JsonNode read = SimulatorClient.json(client().batchRead("v3", "contacts", "companies", List.of("101", "102")));
        assertThat(read.get("results")).hasSize(1);
        assertThat(read.get("results").get(0).get("from").get("id").asText()).isEqualTo("102");
        assertThat(read.get("results").get(0).get("to").findValuesAsText("id")).containsExactly("77");
    }

    @Test
    void aTypeWithoutItsScopeIsRefusedWithMissingScopes() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder()
                .missingScopes("tickets", "crm.objects.tickets.read").scopeErrorForm(ScopeErrorForm.CONTEXT_MISSING_SCOPES).build());
        simulator.universe().seed(PORTAL, "tickets", 1, 3);
        HttpResponse<String> response = client().get("/crm/v3/objects/tickets?limit=100");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(SimulatorClient.json(response).get("context").get("missingScopes").get(0).asText())
                .isEqualTo("crm.objects.tickets.read");
    }
}
