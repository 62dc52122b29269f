package com.associationenricher.batching;

import java.time.Duration;

/**
 * How the batching processor windows ids into batch/read calls and how long it keeps trying an id.
 *
 * @param maxIds          flush a group when this many ids wait (HubSpot accepts at most 1,000 per call)
 * @param maxWait         flush a group when its oldest id has waited this long
 * @param maxInFlight     batches one task may have in flight at once
 * @param flushInterval   how often the wall-clock punctuator looks for groups to flush and answers to forward
 * @param maxAttempts     transient failures of one id before it is dead-lettered (RETRIES_EXHAUSTED)
 * @param transientMaxAge how long an id may keep failing transiently before it is dead-lettered
 * @param orderMemory     how long each key's newest change time is remembered to order late events
 * @param flushAtBacklogEnd send part-full groups as soon as a task has read a backlog to its end ({@link BacklogEnd})
 */
public record BatchPolicy(
        int maxIds, Duration maxWait, int maxInFlight, Duration flushInterval, int maxAttempts, Duration transientMaxAge,
        Duration orderMemory, boolean flushAtBacklogEnd) {

    public static final int HUBSPOT_MAX_IDS = 1000;

    public BatchPolicy {
        if (maxIds < 1 || maxIds > HUBSPOT_MAX_IDS) {
            throw new IllegalArgumentException("maxIds must be 1.." + HUBSPOT_MAX_IDS + ", got " + maxIds);
        }
        if (maxInFlight < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxInFlight and maxAttempts must be at least 1");
        }
    }

    /** With {@code flushAtBacklogEnd} at its default, true. */
    public BatchPolicy(int maxIds, Duration maxWait, int maxInFlight, Duration flushInterval, int maxAttempts,
                       Duration transientMaxAge, Duration orderMemory) {
        this(maxIds, maxWait, maxInFlight, flushInterval, maxAttempts, transientMaxAge, orderMemory, true);
    }

    public static BatchPolicy defaults() {
        return new BatchPolicy(1000, Duration.ofSeconds(1), 8, Duration.ofMillis(100), 8, Duration.ofHours(1), Duration.ofHours(1));
    }

    /** Exponential backoff between store-level attempts of one id: 1 s, 2 s, 4 s ... capped at 5 minutes. */
    public Duration backoffAfter(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 8);
        return Duration.ofSeconds(Math.min(seconds, 300));
    }
}
