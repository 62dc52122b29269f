package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.BATCH_FLUSH_AT_BACKLOG_END;
import static com.associationenricher.config.ConfigKeys.BATCH_FLUSH_INTERVAL;
import static com.associationenricher.config.ConfigKeys.BATCH_MAX_IDS;
import static com.associationenricher.config.ConfigKeys.BATCH_MAX_IN_FLIGHT;
import static com.associationenricher.config.ConfigKeys.BATCH_MAX_WAIT;
import static com.associationenricher.config.ConfigKeys.BATCH_ORDER_MEMORY;

import java.time.Duration;

/**
 * How ids are gathered into batch/read calls: a batch is sent when it holds {@code maxIds} ids or its oldest id has
 * waited {@code maxWait}, with at most {@code maxInFlight} batches outstanding per stream task. {@code flushInterval}
 * is how often the wall-clock punctuator checks, so it bounds how late {@code maxWait} can be honoured. {@code orderMemory}
 * is how long each key's newest change time is kept to order late events. {@code flushAtBacklogEnd} sends part-full
 * batches as soon as a task has read a backlog to its end.
 */
public record BatchSettings(int maxIds, Duration maxWait, int maxInFlight, Duration flushInterval, Duration orderMemory,
                            boolean flushAtBacklogEnd) {

    /** The {@code batch.*} section; null when any key of the configuration has a problem. */
    static BatchSettings from(ConfigValues values) {
        Integer maxIds = values.integer(BATCH_MAX_IDS, 1, 1000);
        Duration maxWait = values.positiveDuration(BATCH_MAX_WAIT);
        Integer maxInFlight = values.integer(BATCH_MAX_IN_FLIGHT, 1, 10_000);
        Duration flushInterval = values.positiveDuration(BATCH_FLUSH_INTERVAL);
        Duration orderMemory = values.positiveDuration(BATCH_ORDER_MEMORY);
        Boolean flushAtBacklogEnd = values.bool(BATCH_FLUSH_AT_BACKLOG_END);
        return values.hasProblems() ? null
                : new BatchSettings(maxIds, maxWait, maxInFlight, flushInterval, orderMemory, flushAtBacklogEnd);
    }
}
