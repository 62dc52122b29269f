package com.associationenricher.pipeline;

import com.associationenricher.batching.InputActivity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.utils.ThreadUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the instance's {@link InputActivity} whether its stream threads' consumers have read every partition they own
 * up to its end: each partition's {@code records-lag} (the records the broker had beyond what the consumer has handed
 * out, as of its last fetch) is 0. A batcher task takes a backlog to be read to its end only then: a stall in the
 * middle of a backlog (a slow fetch, a long commit) leaves records behind. Reads Kafka's own consumer metrics through
 * {@link KafkaStreams#metrics()} on its own daemon thread, never on a stream thread. The lag metrics are looked up again
 * on every check: a consumer registers a partition's lag at its first fetch of it, and partitions move with
 * rebalances, so a set kept from an earlier check can miss partitions that are far behind (until 2026-12-04 the set was
 * kept for 20 checks, and one taken at start-up, before the input's first fetch, ended backlogs in the middle).
 */
final class InputLagWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InputLagWatcher.class);

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final InputActivity activity;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            ThreadUtils.createThreadFactory("input-lag", true));

    InputLagWatcher(KafkaStreams streams, InputActivity activity) {
        this(streams::metrics, activity);
    }

    /**
     * @param metrics the instance's Kafka client metrics, read again on each check
     * @param activity told at once that its input is not known to be read to its end, until a check finds it is: a
     *                 task revived with waiting ids right after a (re)start must not take the moment before the first
     *                 fetch for the end of a backlog
     */
    InputLagWatcher(Supplier<Map<MetricName, ? extends Metric>> metrics, InputActivity activity) {
        this.metrics = metrics;
        this.activity = activity;
        activity.inputCaughtUp(false);
    }

    void start(Duration every) {
        thread.scheduleWithFixedDelay(this::checkSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debug("input lag not read: {}", e.toString());
        }
    }

    /** Reads every partition's lag now and tells the instance's input activity whether all are read to their end. */
    void check() {
        List<Metric> lags = metrics.get().entrySet().stream()
                .filter(e -> isMainConsumerLag(e.getKey()))
                .map(e -> (Metric) e.getValue())
                .toList();
        activity.inputCaughtUp(caughtUp(lags));
    }

    /** A partition's lag on a stream thread's main consumer (not its restore consumer, which reads changelogs). */
    static boolean isMainConsumerLag(MetricName name) {
        String client = name.tags().getOrDefault("client-id", "");
        return name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                && name.tags().containsKey("partition") && client.endsWith("-consumer") && !client.endsWith("-restore-consumer");
    }

    /**
     * Every partition read to its end. No lag at all means nothing fetched yet (a consumer registers a partition's lag
     * at its first fetch of it), so not read to its end; a lag without a value (NaN) does not hold the end back.
     */
    static boolean caughtUp(List<Metric> lags) {
        if (lags.isEmpty()) {
            return false;
        }
        for (Metric lag : lags) {
            Object value = lag.metricValue();
            if (value instanceof Number number && number.doubleValue() > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
