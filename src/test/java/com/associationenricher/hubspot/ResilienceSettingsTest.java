package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.config.HubSpotSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

    @Test
    void theConfigurationMapsToTheSameSeventeenValuesAsBeforeTheBuilder() {
        HubSpotSettings hubspot = new HubSpotSettings(URI.create("http://127.0.0.1:1"), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), AssociationsApi.V4, Duration.ofSeconds(20), 150, Duration.ofSeconds(10), 4, 8,
                Duration.ofHours(2), true, Map.of());

        assertThat(ResilienceSettings.from(hubspot)).isEqualTo(new ResilienceSettings(AssociationsApi.V4, true,
                150, Duration.ofSeconds(10), Duration.ofSeconds(30), 0.1, Duration.ofSeconds(20), Duration.ofSeconds(20),
                hubspot.retryMaxRetries(), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10),
                5, 10, hubspot.circuitOpenFor(), 1, Duration.ofHours(2)));
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        ResilienceSettings fast = ResilienceFixtures.fast();
        ResilienceSettings other = fast.withDailyLimitPause(Duration.ofHours(12));

        assertThat(other.dailyLimitPause()).isEqualTo(Duration.ofHours(12));
        assertThat(other.toBuilder().dailyLimitPause(fast.dailyLimitPause()).build()).isEqualTo(fast);
        assertThatThrownBy(() -> fast.toBuilder().breaker(5, 4, Duration.ofSeconds(1), 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("breaker=5/4");
    }
}
