package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
            "500ms, 500",
            "10s, 10000",
            "5m, 300000",
            "1h, 3600000",
            "1d, 86400000",
            "PT1S, 1000",
            "pt0.25s, 250",
            "PT1H30M, 5400000",
            "P1D, 86400000"})
    void readsShortAndIsoForms(String text, long millis) {
        assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "1w", "1.5s", "s", "10 s", "PTX", "999999999999999999999d"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
