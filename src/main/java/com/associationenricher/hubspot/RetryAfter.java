package com.associationenricher.hubspot;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} header, which is either a number of seconds or an HTTP date, as an instant. */
final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Instant> from(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").flatMap(value -> parse(value, now));
    }

    public static Optional<Instant> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        try {
            BigDecimal seconds = new BigDecimal(trimmed);
            if (seconds.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(now.plusMillis(seconds.movePointRight(3).longValue()));
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
