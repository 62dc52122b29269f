package com.associationenricher.config;

import java.time.Duration;

/**
 * How ids are gathered into batch/read calls: a batch is sent when it holds {@code maxIds} ids or its oldest id has
 * waited {@code maxWait}, with at most {@code maxInFlight} batches outstanding per stream task. {@code flushInterval}
 * is how often the wall-clock punctuator checks, so it bounds how late {@code maxWait} can be honoured. {@code orderMemory}
 * is how long each key's newest change time is kept to order late events.
 */
public record BatchSettings(int maxIds, Duration maxWait, int maxInFlight, Duration flushInterval, Duration orderMemory) {
}
