package com.associationenricher.batching;

/**
 * When this instance's intake last took an input record (wall-clock millis), shared by all its tasks and stream
 * threads. A batcher task whose own input has gone quiet asks it whether the instance's input is quiet too before it
 * takes a backlog to be read to its end ({@link BacklogEnd}): while the intake still works through fetched input, the
 * repartitioned changes it writes are on their way, even if none reached the batcher for a while.
 */
public final class InputActivity {
    private volatile long lastTakenAt;

    /** The intake took a record at {@code now}; written only when the clock has moved, so per record it is one read. */
    public void took(long now) {
        if (now > lastTakenAt) {
            lastTakenAt = now;
        }
    }

    long lastTakenAt() {
        return lastTakenAt;
    }
}
