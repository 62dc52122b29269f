package com.associationenricher.batching;

/**
 * Tells one batcher task when it has read a backlog to its end, so that its part-full groups go at once instead of
 * waiting out {@code batch.max-wait} for ids that will not come (flush reason {@code backlog_end}).
 *
 * <p>A task is behind while the records it takes were written to Kafka at least {@code batch.max-wait} before it took
 * them (the record timestamp, which Kafka Streams carries across the repartition). It has reached the end of its
 * backlog when it is behind and two punctuations in a row (a flush interval apart) found that neither it nor the
 * instance's intake ({@link InputActivity}) had taken a record for a flush interval, and that the instance's consumers
 * had read every partition they own to its end. One quiet punctuation is not enough: Kafka Streams punctuates after a
 * commit before it polls again, so a commit that took longer than a flush interval in the middle of a backlog looks
 * quiet once (seen in the cpu_bound bench on a busy machine). Live traffic is taken as it is written, so it is never
 * behind and keeps the full wait, where waiting is what fills a call. After a backlog, the next live record makes the
 * task not behind again.
 *
 * <p>Record timestamps are the producer's clock (create time) unless the producer sets its own: a producer that
 * stamps records with the event's time, older than {@code batch.max-wait} when written, makes live traffic look
 * behind and its part-full groups go after two quiet punctuations; {@code batch.flush-at-backlog-end=false}
 * switches this off.
 */
final class BacklogEnd {
    private final boolean enabled;
    private final long behindMs;
    private final long quietMs;
    private final InputActivity instanceInput;
    private long lastTakenAt;
    private boolean behind;
    /** Punctuations in a row that found the task and the intake quiet. */
    private int quietTicks;

    BacklogEnd(BatchPolicy policy, InputActivity instanceInput) {
        this.enabled = policy.flushAtBacklogEnd() && instanceInput != null;
        this.behindMs = policy.maxWait().toMillis();
        this.quietMs = policy.flushInterval().toMillis();
        this.instanceInput = instanceInput;
    }

    /** The task took a record written at {@code recordTimestamp}, at wall-clock {@code now}. */
    void took(long now, long recordTimestamp) {
        lastTakenAt = now;
        behind = now - recordTimestamp >= behindMs;
        quietTicks = 0;
    }

    /** The task's flush punctuation runs at {@code now}. */
    void punctuated(long now) {
        boolean quiet = enabled && now - lastTakenAt >= quietMs && now - instanceInput.lastTakenAt() >= quietMs
                && instanceInput.inputCaughtUp();
        quietTicks = quiet ? quietTicks + 1 : 0;
    }

    /** Whether the task read a backlog to its end and nothing has come since. */
    boolean reached() {
        return enabled && behind && quietTicks >= 2;
    }

    /**
     * A new life of the task (a restart, a move to another instance, or Kafka Streams reviving the task on the same
     * processor instance): nothing taken yet. A task that comes back holding waiting ids (restored from its store)
     * starts behind: they were taken in an earlier life, and if it takes nothing more, they are the end of what that
     * life read, so they go once the input is quiet and read to its end instead of waiting out {@code batch.max-wait}
     * from when they were taken. The first record it takes decides again, by its own age; under live traffic that is
     * within a flush interval, so at worst a revival under sparse traffic sends its restored part-full groups early.
     */
    void revived(boolean holdsWaitingIds) {
        lastTakenAt = 0;
        behind = holdsWaitingIds;
        quietTicks = 0;
    }
}
