package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.tools.simulator.Endpoint;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SchemasEndpoint;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Custom objects named in associations.pairs are resolved against the portal's schemas, once, at start-up. */
class CustomObjectNamesTest {

    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;
    HubSpotSimulator simulator = HubSpotSimulator.start(SimulatorSettings.defaults());

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void namesBecomeTheirTypeIdsWithOneSchemasCallPerPortal() {
        EnricherConfig config = config("p" + PORTAL + "_cars:contacts,contacts:p" + PORTAL + "_cars,p" + PORTAL
                + "_pets:notes,notes:contacts", SimulatorSettings.DEFAULT_TOKEN);

        AssociationPairs resolved = new CustomObjectNames(config.hubspot(), HttpClient.newHttpClient())
                .resolved(config.associationPairs());

        assertThat(resolved.toString()).isEqualTo(SchemasEndpoint.CARS + ":contacts,contacts:" + SchemasEndpoint.CARS
                + "," + SchemasEndpoint.PETS + ":notes,notes:contacts");
        assertThat(simulator.stats().calls(Endpoint.SCHEMAS)).isEqualTo(1);
    }

    @Test
    void aNameThePortalDoesNotHaveFailsStartUpNamingIt() {
        EnricherConfig config = config("p" + PORTAL + "_boats:contacts", SimulatorSettings.DEFAULT_TOKEN);

        assertThatThrownBy(() -> CustomObjectNames.resolve(config.associationPairs(), config.hubspot()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("associations.pairs (ENRICHER_ASSOCIATIONS_PAIRS)")
                .hasMessageContaining("'p" + PORTAL + "_boats'")
                .hasMessageContaining("p" + PORTAL + "_cars");
    }

    @Test
    void aRefusedTokenFailsStartUpWithoutShowingIt() {
        EnricherConfig config = config("p" + PORTAL + "_cars:contacts", "pat-na1-not-known-here");

        assertThatThrownBy(() -> CustomObjectNames.resolve(config.associationPairs(), config.hubspot()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("portal " + PORTAL)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("pat-na1-not-known-here");
    }

    @Test
    void pairsWithoutNamesAreNotResolvedAndCostNoCall() {
        EnricherConfig config = config("notes:contacts,2-5:calls", SimulatorSettings.DEFAULT_TOKEN);

        assertThat(CustomObjectNames.resolve(config.associationPairs(), config.hubspot())).isSameAs(config.associationPairs());
        assertThat(simulator.stats().calls(Endpoint.SCHEMAS)).isZero();
    }

    private EnricherConfig config(String pairs, String token) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", "localhost:9092",
                "schema-registry.url", "mock://custom-object-names",
                "hubspot.base-url", simulator.baseUrl(),
                "associations.pairs", pairs));
        keys.put("hubspot.portals." + PORTAL + ".token", token);
        keys.put("hubspot.token", "unused-default");
        return EnricherConfig.fromMap(keys);
    }
}
