package com.associationenricher.pipeline;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer that writes dead letters of output Kafka refused, from the service's {@code kafka.*} settings (so the
 * same security applies). It learns the dead-letter topic's partitions when created, so a send from Streams'
 * producer callback never waits for metadata.
 */
final class RefusedOutputProducer {
    private RefusedOutputProducer() {
    }

    static Producer<byte[], byte[]> create(Properties kafka, String deadLetterTopic) {
        Properties properties = new Properties();
        kafka.forEach((key, value) -> {
            String name = key.toString();
            if (ProducerConfig.configNames().contains(name) && !name.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
                properties.put(name, value);
            }
        });
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "association-enricher-refused-output");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        producer.partitionsFor(deadLetterTopic);
        return producer;
    }
}
