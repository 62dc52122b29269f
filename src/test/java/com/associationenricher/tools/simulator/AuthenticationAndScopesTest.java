package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticationAndScopesTest {

    private HubSpotSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void anUnknownTokenGets401InvalidAuthentication() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        HttpResponse<String> response = new SimulatorClient(simulator, "not-a-token").batchRead("v3", "contacts", "companies", List.of("1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(response.body()).doesNotContain("not-a-token");
    }

    @Test
    void aMissingAuthorizationHeaderGets401() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        HttpResponse<String> response = new SimulatorClient(simulator, null).batchRead("v3", "contacts", "companies", List.of("1"));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredTokenGets401ExpiredAuthenticationUntilARefreshedOneIsUsed() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().expiredToken("old").token("fresh").build());
        HttpResponse<String> expired = new SimulatorClient(simulator, "old").batchRead("v3", "contacts", "companies", List.of("1"));

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(new SimulatorClient(simulator, "fresh").batchRead("v3", "contacts", "companies", List.of("1")).statusCode())
                .isIn(200, 207);
    }

    @Test
    void eachTokenReadsTheTruthOfItsOwnPortal() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().token("a", 1L).token("b", 2L).build());
        JsonNode fromA = json(new SimulatorClient(simulator, "a").batchRead("v3", "deals", "contacts", List.of("5999")));
        JsonNode fromB = json(new SimulatorClient(simulator, "b").batchRead("v3", "deals", "contacts", List.of("5999")));

        assertThat(fromA.get("results").get(0).get("to").get(0).get("id").asText())
                .isEqualTo(AssociationTruth.associations(1L, "deals", "5999", "contacts").get(0).toObjectId());
        assertThat(fromB.get("results").get(0).get("to").get(0).get("id").asText())
                .isEqualTo(AssociationTruth.associations(2L, "deals", "5999", "contacts").get(0).toObjectId());
    }

    @Test
    void missingScopesRotateThroughHubSpotsThreeForms() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().missingScopes("deals").build());
        SimulatorClient client = new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);

        JsonNode first = json(expect403(client.batchRead("v3", "deals", "contacts", List.of("1"))));
        JsonNode second = json(expect403(client.batchRead("v3", "contacts", "deals", List.of("1"))));
        JsonNode third = json(expect403(client.batchRead("v4", "deals", "companies", List.of("1"))));

        assertThat(first.get("context").get("missingScopes").get(0).asText()).isEqualTo("crm.objects.deals.read");
        assertThat(second.get("errors").get(0).get("context").asText()).isEqualTo("{missingScopes=[crm.objects.deals.read]}");
        assertThat(third.get("errors").get(0).get("context").get("requiredGranularScopes").get(0).asText())
                .isEqualTo("crm.objects.deals.read");
    }

    @Test
    void grantingTheScopeAtRuntimeEndsThe403() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder()
                .missingScopes("0-3", "crm.objects.deals.read", "crm.objects.deals.highly_sensitive.v2.read")
                .scopeErrorForm(ScopeErrorForm.CONTEXT_MISSING_SCOPES).build());
        SimulatorClient client = new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
        JsonNode refused = json(expect403(client.batchRead("v3", "deals", "contacts", List.of("1"))));
        assertThat(refused.get("context").get("missingScopes")).hasSize(2);
        assertThat(client.batchRead("v3", "contacts", "companies", List.of("1")).statusCode()).isIn(200, 207);

        simulator.grantScopes("deals");

        assertThat(client.batchRead("v3", "deals", "contacts", List.of("1")).statusCode()).isIn(200, 207);
    }

    private static HttpResponse<String> expect403(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("category").asText()).isEqualTo("MISSING_SCOPES");
        return response;
    }
}
