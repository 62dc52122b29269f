package com.associationenricher.tools.simulator;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HubSpot's two limits, per portal: a rolling 10-second window (every admitted request is remembered for 10 s) and
 * a daily count that resets at midnight UTC. A rejected request does not use up budget. All methods are synchronized:
 * the window must admit exactly {@code limit} requests even when they race.
 */
final class RateLimitLedger {

    static final String TEN_SECONDLY = "TEN_SECONDLY_ROLLING";
    static final String DAILY = "DAILY";
    private static final long WINDOW_MS = 10_000;

    private final Clock clock;
    private final Map<Long, ArrayDeque<Long>> windows = new HashMap<>();
    private final Map<Long, long[]> dailyCounts = new HashMap<>();

    RateLimitLedger(Clock clock) {
        this.clock = clock;
    }

    /** Either admits the request (and uses budget) or names the policy that refuses it. */
    synchronized Verdict admit(long portalId, SimulatorSettings settings) {
        long now = clock.millis();
        ArrayDeque<Long> window = windows.computeIfAbsent(portalId, p -> new ArrayDeque<>());
        while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
            window.pollFirst();
        }
        long day = Math.floorDiv(now, 86_400_000L);
        long[] daily = dailyCounts.computeIfAbsent(portalId, p -> new long[] {day, 0});
        if (daily[0] != day) {
            daily[0] = day;
            daily[1] = 0;
        }
        int tenSecondly = settings.tenSecondlyLimit();
        long dailyLimit = settings.dailyLimit();
        if (dailyLimit > 0 && daily[1] >= dailyLimit) {
            return new Verdict(DAILY, 0, headers(settings, window.size(), daily[1]));
        }
        if (tenSecondly > 0 && window.size() >= tenSecondly) {
            long retryAfterMs = window.peekFirst() + WINDOW_MS - now;
            return new Verdict(TEN_SECONDLY, Math.max(1, (retryAfterMs + 999) / 1000), headers(settings, window.size(), daily[1]));
        }
        if (tenSecondly > 0) {
            window.addLast(now);
        }
        daily[1]++;
        return new Verdict(null, 0, headers(settings, window.size(), daily[1]));
    }

    synchronized void reset() {
        windows.clear();
        dailyCounts.clear();
    }

    private static Map<String, String> headers(SimulatorSettings settings, int usedInWindow, long usedToday) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.tenSecondlyLimit() > 0) {
            headers.put("X-HubSpot-RateLimit-Max", Integer.toString(settings.tenSecondlyLimit()));
            headers.put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, settings.tenSecondlyLimit() - usedInWindow)));
            headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(WINDOW_MS));
        }
        if (settings.dailyLimit() > 0) {
            headers.put("X-HubSpot-RateLimit-Daily", Long.toString(settings.dailyLimit()));
            headers.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, settings.dailyLimit() - usedToday)));
        }
        return headers;
    }

    /** {@code policy} is null when admitted; {@code headers} are the rate-limit headers for the answer. */
    record Verdict(String policy, long retryAfterSeconds, Map<String, String> headers) {
        boolean admitted() {
            return policy == null;
        }
    }
}
