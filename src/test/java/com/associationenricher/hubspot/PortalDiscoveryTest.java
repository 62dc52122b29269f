package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Learning a single token's portal from HubSpot (here the simulator, a real HTTP server on 127.0.0.1). */
class PortalDiscoveryTest {
    final HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token("pat-private", 4242).build());
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        hubspot.close();
    }

    @Test
    void aPrivateAppTokenNamesItsPortalThroughAccountInfo() {
        assertThat(PortalDiscovery.portalOf(URI.create(hubspot.baseUrl()), new StaticTokenProvider("pat-private"), http,
                Duration.ofSeconds(5))).isEqualTo(4242);
    }

    @Test
    void anOAuthAccessTokenNamesItsPortalThroughTheAccessTokenEndpoint() {
        hubspot.registerRefreshToken("refresh-7", 7777);
        var oauth = new OAuthTokenProvider(URI.create(hubspot.baseUrl()), "client", "client-secret", "refresh-7", http,
                Duration.ofSeconds(5));

        assertThat(PortalDiscovery.portalOf(URI.create(hubspot.baseUrl()), oauth, http, Duration.ofSeconds(5))).isEqualTo(7777);
    }

    @Test
    void aTokenNoEndpointKnowsRefusesToStartNamingThePortalIdKeyAndNotTheToken() {
        assertThatThrownBy(() -> PortalDiscovery.portalOf(URI.create(hubspot.baseUrl()), new StaticTokenProvider("pat-unknown-SECRET"),
                http, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set hubspot.portal-id")
                .hasMessageContaining("account-info: HTTP 401")
                .hasMessageNotContaining("pat-unknown-SECRET");
    }

    @Test
    void aPrivateAppTokenIsNeverPutIntoAUrlWhenAccountInfoFails() {
        try (ScriptedHubSpotServer server = ScriptedHubSpotServer.start()) {
            server.respondWith(request -> ScriptedHubSpotServer.Answer.json(503, "{\"message\":\"unavailable\"}"));

            assertThatThrownBy(() -> PortalDiscovery.portalOf(server.baseUrl(), new StaticTokenProvider("pat-na1-SECRET-url"),
                    http, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("account-info: HTTP 503")
                    .hasMessageNotContaining("pat-na1-SECRET-url");
            assertThat(server.requests()).extracting(ScriptedHubSpotServer.RecordedRequest::path)
                    .containsExactly("/account-info/v3/details");
        }
    }
}
