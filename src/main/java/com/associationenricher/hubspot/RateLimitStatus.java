package com.associationenricher.hubspot;

import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HubSpot's view of the app's rate-limit budget, from the {@code X-HubSpot-RateLimit-*} headers of one answer.
 * Each field is null when HubSpot did not send it (the daily ones are absent on OAuth calls).
 */
record RateLimitStatus(Long max, Long remaining, Long intervalMillis, Long dailyMax, Long dailyRemaining) {

    static final String MAX = "X-HubSpot-RateLimit-Max";
    static final String REMAINING = "X-HubSpot-RateLimit-Remaining";
    static final String INTERVAL_MILLIS = "X-HubSpot-RateLimit-Interval-Milliseconds";
    static final String DAILY = "X-HubSpot-RateLimit-Daily";
    static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";

    /** The status carried by these headers, or empty when none of them is present or readable. */
    public static Optional<RateLimitStatus> from(HttpHeaders headers) {
        RateLimitStatus status = new RateLimitStatus(
                number(headers, MAX), number(headers, REMAINING), number(headers, INTERVAL_MILLIS),
                number(headers, DAILY), number(headers, DAILY_REMAINING));
        boolean any = status.max != null || status.remaining != null || status.intervalMillis != null
                || status.dailyMax != null || status.dailyRemaining != null;
        return any ? Optional.of(status) : Optional.empty();
    }

    private static Long number(HttpHeaders headers, String name) {
        OptionalLong value;
        try {
            value = headers.firstValueAsLong(name);
        } catch (NumberFormatException e) {
            return null;
        }
        return value.isPresent() ? value.getAsLong() : null;
    }
}
