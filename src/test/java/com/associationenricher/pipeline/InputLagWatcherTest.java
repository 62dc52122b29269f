package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.batching.InputActivity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Which of Kafka's metrics are the stream threads' input lags, and when they say every partition is read to its end. */
class InputLagWatcherTest {

    static MetricName lag(String clientId) {
        return new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", clientId, "topic", "in", "partition", "0"));
    }

    static MetricName lag(String topic, int partition) {
        return new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "app-1-StreamThread-1-consumer", "topic", topic, "partition", String.valueOf(partition)));
    }

    static Metric valued(double value) {
        return valued(lag("app-StreamThread-1-consumer"), value);
    }

    static Metric valued(MetricName name, double value) {
        return new Lag(name, value);
    }

    @Test
    void onlyAStreamThreadsMainConsumersPartitionLagsCount() {
        assertThat(InputLagWatcher.isMainConsumerLag(lag("app-1-StreamThread-1-consumer"))).isTrue();
        assertThat(InputLagWatcher.isMainConsumerLag(lag("app-1-StreamThread-1-restore-consumer"))).as("changelogs").isFalse();
        assertThat(InputLagWatcher.isMainConsumerLag(new MetricName("records-lag-max", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "app-1-StreamThread-1-consumer")))).isFalse();
        assertThat(InputLagWatcher.isMainConsumerLag(new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "app-1-StreamThread-1-consumer", "topic", "in")))).as("a topic's, not a partition's").isFalse();
    }

    @Test
    void caughtUpWhenEveryPartitionsLagIsZeroOrWithoutAValue() {
        assertThat(InputLagWatcher.caughtUp(List.of())).as("nothing fetched yet").isFalse();
        assertThat(InputLagWatcher.caughtUp(List.of(valued(0), valued(Double.NaN)))).isTrue();
        assertThat(InputLagWatcher.caughtUp(List.of(valued(0), valued(12)))).isFalse();
    }

    /** A lag metric whose value moves, as a consumer's does. */
    static final class Lag implements Metric {
        private final MetricName name;
        private volatile double value;

        Lag(MetricName name, double value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        @Override
        public Object metricValue() {
            return value;
        }
    }

    /**
     * A consumer registers a partition's lag at its first fetch of it. The watcher once kept the lags it had found for
     * 20 checks: a set taken at start-up, when only a repartition partition had been fetched, left out the input
     * partitions that were far behind, and backlogs ended in the middle (cpu_bound bench, 2026-12-04).
     */
    /**
     * Right after a (re)start nothing is fetched yet: a task revived holding waiting ids must not take that moment for
     * the end of a backlog, so the input counts as read to its end only once a check finds every fetched lag at 0.
     */
    @Test
    void beforeAnyPartitionIsFetchedTheInputIsNotReadToItsEnd() {
        InputActivity activity = new InputActivity();
        Map<MetricName, Metric> metrics = new HashMap<>();
        InputLagWatcher watcher = new InputLagWatcher(() -> metrics, activity);
        assertThat(activity.inputCaughtUp()).as("before the first check").isFalse();

        watcher.check();
        assertThat(activity.inputCaughtUp()).as("no lag registered yet").isFalse();

        Lag input = new Lag(lag("app-in", 0), 0);
        metrics.put(input.metricName(), input);
        watcher.check();
        assertThat(activity.inputCaughtUp()).isTrue();
    }

    @Test
    void aPartitionFetchedAfterEarlierChecksCountsAtTheNextOne() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        Lag repartition = new Lag(lag("app-by-object-repartition", 0), 0);
        metrics.put(repartition.metricName(), repartition);
        InputActivity activity = new InputActivity();
        InputLagWatcher watcher = new InputLagWatcher(() -> metrics, activity);
        for (int check = 0; check < 3; check++) {
            watcher.check();
            assertThat(activity.inputCaughtUp()).as("only the repartition partition fetched so far, read to its end").isTrue();
        }

        Lag input = new Lag(lag("app-in", 0), 5_000);
        metrics.put(input.metricName(), input);
        watcher.check();
        assertThat(activity.inputCaughtUp()).as("the input partition fetched since, 5,000 records behind").isFalse();

        input.value = 0;
        watcher.check();
        assertThat(activity.inputCaughtUp()).as("read to its end").isTrue();
    }
}
