package com.associationenricher.backfill;

import java.time.Instant;

/** What a run reports while it walks its listings: the progress lines on stderr, and tests. */
public interface SweepObserver {

    SweepObserver NONE = new SweepObserver() {
    };

    /** A listing begins, resumed after {@code resumedAfter} (null: from its first page). */
    default void started(SweepTarget target, String resumedAfter) {
    }

    /** A page's events are acknowledged by Kafka; its checkpoint is written next. */
    default void pageWritten(SweepTarget target, int objects, int events) {
    }

    /** HubSpot asked to wait, or kept failing: the listing waits until {@code until} and asks again. */
    /** HubSpot's count of the listing's objects, for an ETA. */
    default void total(SweepTarget target, long total) {
    }

    default void waiting(SweepTarget target, Instant until, String why) {
    }

    default void finished(SweepResult result) {
    }

    /** A step without a listing, such as refreshing the objects the table holds. */
    default void note(String line) {
    }
}
