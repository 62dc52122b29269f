package com.associationenricher.hubspot;

import dev.failsafe.Bulkhead;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * What every portal's reader of the process shares: the bulkhead on concurrent HubSpot calls
 * ({@code hubspot.max-concurrent-requests}), the scheduler that wakes paced and retried calls (no thread ever sleeps
 * for them), the meters, and this instance's share of each portal's budget ({@code hubspot.rate-limit.scope=cluster}:
 * the share of the input partitions it owns, set on every rebalance; 1 otherwise). Closing it stops the scheduler.
 */
final class SharedCallLimits implements AutoCloseable {

    private final Bulkhead<ClassifiedAnswer> bulkhead;
    private final ScheduledExecutorService scheduler;
    private final HubSpotCallMetrics metrics;
    private volatile double budgetShare = 1.0;

    public SharedCallLimits(int maxConcurrentRequests, Duration bulkheadMaxWait, MeterRegistry registry) {
        this.metrics = new HubSpotCallMetrics(registry);
        this.bulkhead = Bulkhead.<ClassifiedAnswer>builder(maxConcurrentRequests).withMaxWaitTime(bulkheadMaxWait).build();
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads());
    }

    Bulkhead<ClassifiedAnswer> bulkhead() {
        return bulkhead;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The fraction of {@code hubspot.rate-limit.requests} this instance may spend: every pacer follows it. */
    public double budgetShare() {
        return budgetShare;
    }

    public void budgetShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a budget share is between 0 and 1, got " + share);
        }
        budgetShare = share;
    }

    HubSpotCallMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        return ThreadUtils.createThreadFactory("hubspot-pacer-%d", true);
    }
}
