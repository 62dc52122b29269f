package com.associationenricher.batching;

/**
 * What the instance knows of its input, shared by all its tasks and stream threads: when its intake last took an input
 * record (wall-clock millis), and whether its consumers have read every partition they own to its end (set by the
 * service from Kafka's consumer metrics; true where nothing sets it, as under TopologyTestDriver). A batcher task whose
 * own input has gone quiet asks both before it takes a backlog to be read to its end ({@link BacklogEnd}): while the
 * intake still works through fetched input, the repartitioned changes it writes are on their way, and while a consumer
 * lags, a quiet moment is a stall, not the end.
 */
public final class InputActivity {
    private volatile long lastTakenAt;
    private volatile boolean inputCaughtUp = true;

    /** The intake took a record at {@code now}; written only when the clock has moved, so per record it is one read. */
    public void took(long now) {
        if (now > lastTakenAt) {
            lastTakenAt = now;
        }
    }

    long lastTakenAt() {
        return lastTakenAt;
    }

    /** Whether every input partition of the instance was read to its end at the consumers' last fetch. */
    public void inputCaughtUp(boolean caughtUp) {
        inputCaughtUp = caughtUp;
    }

    public boolean inputCaughtUp() {
        return inputCaughtUp;
    }
}
