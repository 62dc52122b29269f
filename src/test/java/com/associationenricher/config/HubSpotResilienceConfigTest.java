package com.associationenricher.config;

import static com.associationenricher.config.EnricherConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys added for the resilient client: the in-call retry budget and OAuth refresh tokens. */
class HubSpotResilienceConfigTest {

    static final String SECRET = "oauth-secret-61f0";
    static final String REFRESH = "refresh-token-8a3c";

    @Test
    void retryBudgetDefaultsToThreeAndIsBounded() {
        assertThat(EnricherConfig.fromMap(minimal()).hubspot().retryMaxRetries()).isEqualTo(3);
        Map<String, String> map = minimal();
        map.put("hubspot.retry.max-retries", "21");
        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("hubspot.retry.max-retries (ENRICHER_HUBSPOT_RETRY_MAX_RETRIES) must be an integer from 0 to 20");
    }

    @Test
    void aRefreshTokenReplacesTheAccessTokenAndIsMasked() {
        Map<String, String> map = minimal();
        map.remove("hubspot.token");
        map.put("hubspot.oauth.client-id", "client-1");
        map.put("hubspot.oauth.client-secret", SECRET);
        map.put("hubspot.oauth.refresh-token", REFRESH);

        HubSpotSettings hubspot = EnricherConfig.fromMap(map).hubspot();

        assertThat(hubspot.oauthRefreshToken()).contains(REFRESH);
        assertThat(hubspot.oauthClientId()).contains("client-1");
        assertThat(hubspot.toString()).doesNotContain(SECRET).doesNotContain(REFRESH).contains("client-1");
        assertThat(ConfigKeys.isSecret("hubspot.oauth.client-secret")).isTrue();
        assertThat(ConfigKeys.isSecret("hubspot.oauth.refresh-token")).isTrue();
        assertThat(ConfigKeys.isSecret("hubspot.portals.123.refresh-token")).isTrue();
    }

    @Test
    void aRefreshTokenWithoutClientCredentialsIsRejectedWithoutEchoingIt() {
        Map<String, String> map = minimal();
        map.remove("hubspot.token");
        map.put("hubspot.portals.123.refresh-token", REFRESH);

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("a refresh token needs hubspot.oauth.client-id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(REFRESH));
    }

    @Test
    void aTokenAndARefreshTokenTogetherAreRejected() {
        Map<String, String> map = minimal();
        map.put("hubspot.oauth.client-id", "client-1");
        map.put("hubspot.oauth.client-secret", SECRET);
        map.put("hubspot.oauth.refresh-token", REFRESH);

        assertThatThrownBy(() -> EnricherConfig.fromMap(map))
                .hasMessageContaining("set only one of hubspot.token (ENRICHER_HUBSPOT_TOKEN) and hubspot.token-file "
                        + "(ENRICHER_HUBSPOT_TOKEN_FILE) and hubspot.oauth.refresh-token");
    }
}
