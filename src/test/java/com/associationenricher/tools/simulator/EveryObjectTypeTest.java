package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.ObjectTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulated portal holds associations of every object type, labels some in v4 answers and lists its schemas. */
class EveryObjectTypeTest {

    private static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;
    private HubSpotSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void everyStandardTypeAndACustomObjectHaveAssociationsByNameAndByTypeId() throws Exception {
        SimulatorClient client = start();
        List<String> types = new ArrayList<>(ObjectTypes.CANONICAL);
        types.add(SchemasEndpoint.CARS);
        for (String type : types) {
            String id = "4242";
            List<TrueAssociation> truth = AssociationTruth.associations(PORTAL, type, id, "contacts");
            HttpResponse<String> byName = client.batchRead("v3", type, "contacts", List.of(id));
            HttpResponse<String> byTypeId = client.batchRead("v3", ObjectTypes.typeId(type), "0-1", List.of(id));

            assertThat(byName.statusCode()).as(type).isIn(200, 207);
            assertThat(json(byName).get("results").findValuesAsText("id")).as(type)
                    .containsAll(truth.stream().map(TrueAssociation::toObjectId).toList());
            assertThat(json(byTypeId).get("results")).as("%s by type id", type).isEqualTo(json(byName).get("results"));
        }
        assertThat(AssociationTruth.associations(PORTAL, "notes", "4242", "contacts").get(0).associationType())
                .isEqualTo("note_to_contact");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v4", "2026-03"})
    void theFirstAssociationOfAnIdEndingIn7CarriesAPrimaryLabelBesideTheUnlabelledType(String version) throws Exception {
        SimulatorClient client = start();
        JsonNode company = json(client.batchRead(version, "contacts", "companies", List.of("1007"))).get("results").get(0);
        JsonNode note = json(client.batchRead(version, "notes", "contacts", List.of("2017"))).get("results").get(0);
        JsonNode unlabelled = json(client.batchRead(version, "notes", "contacts", List.of("2011"))).get("results").get(0);

        JsonNode companyTypes = company.get("to").get(0).get("associationTypes");
        assertThat(companyTypes).hasSize(2);
        assertThat(companyTypes.get(0).get("typeId").asInt()).isEqualTo(279);
        assertThat(companyTypes.get(1).get("category").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(companyTypes.get(1).get("typeId").asInt()).isEqualTo(1);
        assertThat(companyTypes.get(1).get("label").asText()).isEqualTo("Primary");
        JsonNode noteTypes = note.get("to").get(0).get("associationTypes");
        assertThat(noteTypes.get(1).get("category").asText()).isEqualTo("USER_DEFINED");
        assertThat(noteTypes.get(1).get("label").asText()).isEqualTo("Primary");
        for (JsonNode later : note.get("to")) {
            if (later != note.get("to").get(0)) {
                assertThat(later.get("associationTypes")).hasSize(1);
            }
        }
        assertThat(unlabelled.get("to")).allSatisfy(to -> assertThat(to.get("associationTypes")).hasSize(1));
    }

    @Test
    void schemasListThePortalsCustomObjectsByFullyQualifiedName() throws Exception {
        SimulatorClient client = start();

        HttpResponse<String> response = client.get("/crm/v3/schemas");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = json(response).get("results");
        assertThat(results.findValuesAsText("fullyQualifiedName")).containsExactly("p" + PORTAL + "_cars", "p" + PORTAL + "_pets");
        assertThat(results.findValuesAsText("objectTypeId")).containsExactly(SchemasEndpoint.CARS, SchemasEndpoint.PETS);
        assertThat(new SimulatorClient(simulator, "wrong-token").get("/crm/v3/schemas").statusCode()).isEqualTo(401);
        assertThat(simulator.stats().calls(Endpoint.SCHEMAS)).isEqualTo(2);
    }

    private SimulatorClient start() {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        return new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
    }
}
