package com.associationenricher.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations people write in config files: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, or ISO-8601 {@code PT1S}. */
public final class DurationFormat {

    private static final Pattern SHORT = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private DurationFormat() {
    }

    /** @throws IllegalArgumentException when the text is neither form (a bare number is refused: its unit would be a guess) */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(trimmed);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + trimmed + "'", e);
        }
        throw new IllegalArgumentException("not a duration: '" + trimmed + "'");
    }
}
