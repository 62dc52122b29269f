package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class InputPartitioningTest {

    @Test
    void aKeyIsWhereTheRepartitionPutsItExactlyInKafkasDefaultPartition() {
        InputPartitioning six = new InputPartitioning(6);
        for (int id = 1; id <= 200; id++) {
            byte[] key = ("42:contacts:" + id).getBytes(StandardCharsets.UTF_8);
            int expected = BuiltInPartitioner.partitionForKey(key, 6);
            for (int partition = 0; partition < 6; partition++) {
                assertThat(six.isWhereTheRepartitionPutsIt(key, partition)).as("key %s in partition %d", id, partition)
                        .isEqualTo(partition == expected);
            }
        }
    }

    @Test
    void withThePartitionsUnknownEveryKeyIsTrusted() {
        assertThat(InputPartitioning.TRUSTED.isWhereTheRepartitionPutsIt("42:contacts:1".getBytes(StandardCharsets.UTF_8), 5)).isTrue();
    }
}
