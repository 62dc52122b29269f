package com.associationenricher.tools.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Leaves every RocksDB store at Kafka Streams' own defaults (a 50 MB block cache and up to three 16 MB memtables per
 * store), for comparing against the enricher's bounded memory:
 * {@code bench --scenario pending_ids --set kafka.rocksdb.config.setter=<this class>}.
 */
public final class KafkaStreamsRocksDbDefaults implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // Kafka Streams' defaults, unchanged.
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing was created.
    }
}
