package com.associationenricher.dlq;

import java.util.Objects;

/**
 * What to replay and how: the dead letters {@code filter} selects, re-published to {@code targetTopic}. Input that was
 * rejected as invalid or undecodable is only re-published with {@code includeInvalid} (its producer must be fixed
 * first); {@code dryRun} sends nothing; {@code recordsPerSecond} 0 means as fast as Kafka takes them.
 */
public record ReplayRequest(DeadLetterFilter filter, String targetTopic, boolean includeInvalid, boolean dryRun,
                            int recordsPerSecond) {

    public ReplayRequest {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(targetTopic, "targetTopic");
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("recordsPerSecond must be 0 (unlimited) or more, got " + recordsPerSecond);
        }
    }

    /** Replays what {@code filter} selects to {@code targetTopic}, valid lookups only, unpaced, for real. */
    public static ReplayRequest of(DeadLetterFilter filter, String targetTopic) {
        return new ReplayRequest(filter, targetTopic, false, false, 0);
    }

    public ReplayRequest includingInvalid() {
        return new ReplayRequest(filter, targetTopic, true, dryRun, recordsPerSecond);
    }

    public ReplayRequest asDryRun() {
        return new ReplayRequest(filter, targetTopic, includeInvalid, true, recordsPerSecond);
    }

    public ReplayRequest atRate(int perSecond) {
        return new ReplayRequest(filter, targetTopic, includeInvalid, dryRun, perSecond);
    }
}
