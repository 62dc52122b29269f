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
    void noPartitionsOwnedPacesAtOnePartitionsShareAndAnUnknownCountIsTheWholeBudget() {
        // Never 0: tasks that call before the instance's view of its assignment catches up must not pace at one call
        // per period (their ids were deferred for the whole period); an instance that owns none makes no calls.
        assertThat(BudgetShareWatcher.share(List.of(), "in", 6)).isEqualTo(1.0 / 6);
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("other", 0)), "in", 4)).isEqualTo(0.25);
        assertThat(BudgetShareWatcher.share(List.of(new TopicPartition("in", 0)), "in", 0)).isEqualTo(1.0);
    }
}
