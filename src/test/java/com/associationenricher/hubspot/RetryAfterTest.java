package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");

    @Test
    void readsSeconds() {
        assertThat(RetryAfter.parse("10", NOW)).contains(NOW.plusSeconds(10));
        assertThat(RetryAfter.parse(" 1.5 ", NOW)).contains(NOW.plusMillis(1500));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Tue, 10 Mar 2026 17:30:00 GMT", NOW)).contains(Instant.parse("2026-03-10T17:30:00Z"));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}
