package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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

    static Metric valued(double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return lag("app-StreamThread-1-consumer");
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
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
    void caughtUpWhenEveryPartitionsLagIsZeroOrNotKnownYet() {
        assertThat(InputLagWatcher.caughtUp(List.of())).isTrue();
        assertThat(InputLagWatcher.caughtUp(List.of(valued(0), valued(Double.NaN)))).isTrue();
        assertThat(InputLagWatcher.caughtUp(List.of(valued(0), valued(12)))).isFalse();
    }
}
