package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** An instance's share of the cluster's HubSpot budget is its share of the input topic's partitions. */
class BudgetShareTest {

    @Test
    void theShareIsTheInputPartitionsOwnedOverTheTopicsPartitions() {
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("in", 0), new TopicPartition("in", 3)), "in", 6))
                .isEqualTo(2.0 / 6);
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("in", 0), new TopicPartition("in", 1),
                new TopicPartition("in", 2)), "in", 3)).isEqualTo(1.0);
    }

    @Test
    void otherTopicsAndAPartitionSeenTwiceDoNotCount() {
        // A task reading a repartition or changelog topic, and two sub-topologies on one partition.
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("in", 1), new TopicPartition("in", 1),
                new TopicPartition("app-repartition", 1), new TopicPartition("other", 2)), "in", 4)).isEqualTo(0.25);
    }

    @Test
    void noPartitionsOwnedIsNoShareAndAnUnknownCountIsTheWholeBudget() {
        assertThat(BudgetShareWatcher.share(List.of(), "in", 6)).isZero();
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("in", 0)), "in", 0)).isEqualTo(1.0);
    }
}
