package com.associationenricher.pipeline;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Whether an input record already sits in the partition the repartition by object would put its change in: Kafka's
 * default partitioner, murmur2 of the key's bytes modulo the partitions (the repartition topic has as many as the input,
 * the two being co-partitioned). Only such a record may skip the repartition under {@code input.keyed-by-object}: a
 * producer that keys by object but partitions otherwise (librdkafka's default hashes with CRC32) would otherwise have
 * an object's own changes and the changes derived about it (the other end of an association, a merged-away id) handled
 * by two tasks, so a deletion seen in one would not stop a lookup in the other.
 */
final class InputPartitioning {
    /** Partitions unknown (a topology built without a broker, as in TopologyTestDriver tests): every key is trusted. */
    static final InputPartitioning TRUSTED = new InputPartitioning(0);

    private final int partitions;

    InputPartitioning(int partitions) {
        this.partitions = partitions;
    }

    boolean isWhereTheRepartitionPutsIt(byte[] key, int partition) {
        return partitions <= 0 || partition < 0 || Utils.toPositive(Utils.murmur2(key)) % partitions == partition;
    }

    /** The input topic's partition count, read once at start-up. */
    static InputPartitioning of(Properties adminProperties, String topic) {
        try (Admin admin = Admin.create(adminProperties)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            return new InputPartitioning(partitions);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the partitions of input topic '" + topic + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partitions of '" + topic + "'", e);
        }
    }
}
