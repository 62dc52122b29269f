package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

    @Test
    void theEnrichersDefaultsApplyWhereNothingIsSet() {
        Properties properties = new Properties();

        StreamsDefaults.apply(properties, 64);

        assertThat(properties).containsEntry("max.task.idle.ms", "-1")
                .containsEntry("rocksdb.config.setter", BoundedRocksDbMemory.class.getName())
                .containsEntry(BoundedRocksDbMemory.BUDGET_BYTES, String.valueOf(64L * 1024 * 1024))
                .containsEntry("producer.compression.type", "lz4");
    }

    @Test
    void anOperatorsKafkaSettingWins() {
        Properties properties = new Properties();
        properties.put("max.task.idle.ms", "0");
        properties.put("rocksdb.config.setter", "com.example.OwnSetter");
        properties.put("compression.type", "zstd");

        StreamsDefaults.apply(properties, 128);

        assertThat(properties).containsEntry("max.task.idle.ms", "0")
                .containsEntry("rocksdb.config.setter", "com.example.OwnSetter")
                .containsEntry("compression.type", "zstd")
                .doesNotContainKey("producer.compression.type");
    }

    @Test
    void aProducerPrefixedCompressionWinsToo() {
        Properties properties = new Properties();
        properties.put("producer.compression.type", "none");

        StreamsDefaults.apply(properties, 128);

        assertThat(properties).containsEntry("producer.compression.type", "none");
    }
}
