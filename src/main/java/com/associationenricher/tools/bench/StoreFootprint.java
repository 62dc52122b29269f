package com.associationenricher.tools.bench;

import com.associationenricher.delta.AssociationDeltaProcessor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the {@code last-emitted} store costs per output key: the key and value bytes of its changelog records, and the
 * changelog's size on the broker's disk divided by the keys. (The RocksDB files are no measure right after a run:
 * most entries still sit in the memtable.)
 */
final class StoreFootprint {

    private StoreFootprint() {
    }

    static Map<String, Object> measure(String bootstrap, String applicationId, long keys) throws Exception {
        String topic = applicationId + "-" + AssociationDeltaProcessor.STORE + "-changelog";
        Map<String, Object> figures = new LinkedHashMap<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long records = 0;
        long bytes = 0;
        List<TopicPartition> partitions;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        records++;
                        bytes += record.key().length + record.value().length;
                    }
                }
            }
        }
        figures.put("changelog_topic", topic);
        figures.put("changelog_records", records);
        figures.put("record_bytes_per_entry", records == 0 ? null : round((double) bytes / records));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            List<Integer> brokers = client.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long onDisk = 0;
            for (Map<String, LogDirDescription> dirs : client.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    onDisk += dir.replicaInfos().entrySet().stream().filter(e -> partitions.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().size()).sum();
                }
            }
            figures.put("changelog_bytes_on_disk_per_key", keys == 0 ? null : round((double) onDisk / keys));
        }
        return figures;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
