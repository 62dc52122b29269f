package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PortalKeysTest {
    static final Map<String, String> BASE = Map.of("kafka.bootstrap.servers", "localhost:9092", "schema-registry.url", "mock://x");

    @Test
    void perPortalCredentialsAreAccepted() {
        var values = new java.util.HashMap<>(BASE);
        values.put("hubspot.portals.123.token", "pat-a");
        values.put("hubspot.portals.456.token-file", "/dev/null");
        assertThat(EnricherConfig.fromMap(values).hubspot().portals()).containsKeys("123.token", "456.token-file");
    }

    @Test
    void aMisspelledPortalSettingFailsNamingTheKeyWithoutItsValue() {
        var values = new java.util.HashMap<>(BASE);
        values.put("hubspot.portals.123.tokn", "pat-SECRET-VALUE");
        assertThatThrownBy(() -> EnricherConfig.fromMap(values))
                .hasMessageContaining("hubspot.portals.123.tokn (ENRICHER_HUBSPOT_PORTALS_123_TOKN)")
                .hasMessageNotContaining("pat-SECRET-VALUE");
        var notNumeric = new java.util.HashMap<>(BASE);
        notNumeric.put("hubspot.portals.acme.token", "pat-x");
        assertThatThrownBy(() -> EnricherConfig.fromMap(notNumeric)).hasMessageContaining("hubspot.portals.acme.token");
    }
}
