package com.associationenricher.pipeline;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings the enricher chooses where Kafka's defaults do not fit it; each is a default only, and a
 * {@code kafka.*} setting of the same name wins. The reasons, measured with {@code bench --scenario cpu_bound}, are in
 * the README ("Performance").
 */
final class StreamsDefaults {
    private StreamsDefaults() {
    }

    static void apply(Properties properties, int rocksDbMemoryMb) {
        // No task joins streams by time, and every change is ordered by its occurredAt (ChangeOrder), so a task never
        // needs to wait for an empty partition. Kafka's 0 made each empty task format a log message on every loop.
        properties.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        properties.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        properties.put(BoundedRocksDbMemory.BUDGET_BYTES, String.valueOf(rocksDbMemoryMb * 1024L * 1024L));
        // Changelog, repartition and output records are small and alike: lz4 cut the changelog bytes on the broker's
        // disk from 165 to 70 per input event at no measurable cost in throughput. Any compression setting wins.
        String producerCompression = StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        if (!properties.containsKey(ProducerConfig.COMPRESSION_TYPE_CONFIG) && !properties.containsKey(producerCompression)) {
            properties.put(producerCompression, "lz4");
        }
    }
}
