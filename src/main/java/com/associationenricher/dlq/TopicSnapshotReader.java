package com.associationenricher.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads a topic as it was when reading started: from the beginning (or from the first record at or after a time, via
 * offsetsForTimes) up to the end offsets captured before the first poll. Records appended later, such as dead letters
 * of a replay that fails again, are never read, so a read always ends. Uses its own group-less consumer
 * ({@link ToolClients#consumer()}): nothing is committed and the enricher's group is never touched.
 */
public final class TopicSnapshotReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Sees each record of the snapshot once; returns false to stop reading early. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(ConsumerRecord<byte[], byte[]> record);
    }

    private final ToolClients clients;
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicSnapshotReader(ToolClients clients, String topic) {
        this.clients = clients;
        this.topic = topic;
        this.consumer = clients.consumer();
    }

    /**
     * Reads every record from {@code sinceOrNull} (null: the beginning) up to the end offsets of this moment.
     *
     * @return how many records were visited
     * @throws KafkaUnreachableException when the cluster does not answer in time
     * @throws IllegalStateException when the topic does not exist or stops delivering before its end offset
     */
    public long read(Instant sinceOrNull, Visitor visitor) {
        Duration wait = clients.reachTimeout();
        Map<TopicPartition, Long> end;
        Map<TopicPartition, Long> start;
        try {
            List<TopicPartition> partitions = partitions(wait);
            // Assigned before asking for offsets: the client then keeps the last stable offsets it learns.
            consumer.assign(partitions);
            end = consumer.endOffsets(partitions, wait);
            start = sinceOrNull == null ? consumer.beginningOffsets(partitions, wait) : startAt(sinceOrNull, end, wait);
        } catch (TimeoutException e) {
            throw clients.unreachable(e);
        }
        Set<TopicPartition> remaining = new HashSet<>();
        end.forEach((partition, endOffset) -> {
            if (start.get(partition) < endOffset) {
                remaining.add(partition);
                consumer.seek(partition, start.get(partition));
            } else {
                consumer.pause(Set.of(partition));
            }
        });
        return readUntilEnd(remaining, end, visitor, wait);
    }

    private long readUntilEnd(Set<TopicPartition> remaining, Map<TopicPartition, Long> end, Visitor visitor, Duration wait) {
        long visited = 0;
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    if (record.offset() >= end.get(partition)) {
                        break;
                    }
                    visited++;
                    if (!visitor.visit(record)) {
                        return visited;
                    }
                }
            }
            boolean progressed = !records.isEmpty();
            for (TopicPartition partition : Set.copyOf(remaining)) {
                // Transaction markers have offsets but no records: the position, not the last record, says "done".
                if (consumer.position(partition, wait) >= end.get(partition)) {
                    remaining.remove(partition);
                    consumer.pause(Set.of(partition));
                    progressed = true;
                }
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > wait.toNanos()) {
                throw new IllegalStateException("topic '" + topic + "' delivered nothing for " + wait.toSeconds()
                        + "s before reaching its end offsets " + describe(remaining, end));
            }
        }
        return visited;
    }

    private List<TopicPartition> partitions(Duration wait) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, wait);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist at " + clients.bootstrapServers());
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private Map<TopicPartition, Long> startAt(Instant since, Map<TopicPartition, Long> end, Duration wait) {
        Map<TopicPartition, Long> query = new HashMap<>();
        end.keySet().forEach(partition -> query.put(partition, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, wait);
        Map<TopicPartition, Long> start = new HashMap<>();
        end.forEach((partition, endOffset) -> {
            OffsetAndTimestamp first = found.get(partition);
            start.put(partition, first == null ? endOffset : Math.min(first.offset(), endOffset));
        });
        return start;
    }

    private static String describe(Set<TopicPartition> remaining, Map<TopicPartition, Long> end) {
        StringBuilder text = new StringBuilder();
        remaining.forEach(partition -> text.append(text.isEmpty() ? "" : ", ")
                .append(partition.partition()).append(':').append(end.get(partition)));
        return "(partition:end " + text + ")";
    }

    @Override
    public void close() {
        consumer.close();
    }
}
