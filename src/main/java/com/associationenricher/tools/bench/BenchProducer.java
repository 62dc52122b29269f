package com.associationenricher.tools.bench;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.ObjectChanges;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a workload to the input topic, all at once (a backlog) or at a steady rate. */
final class BenchProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final EnricherSerdes serdes;

    BenchProducer(String bootstrap, String topic, EnricherSerdes serdes) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // One request in flight: with several, a request refused before the broker has applied a new partition
        // (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and its retries then fail with
        // OUT_OF_ORDER_SEQUENCE until they expire: records lost despite idempotence (KAFKA-15591, fixed after 4.3).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.serdes = serdes;
    }

    void sendAll(List<CrmObjectChangeEvent> events) {
        var serializer = serdes.changeEvents().serializer();
        events.forEach(e -> producer.send(new ProducerRecord<>(topic, ObjectChanges.objectKey(e), serializer.serialize(topic, e))));
        producer.flush();
    }

    void sendPaced(List<CrmObjectChangeEvent> events, int perSecond, Runnable whileWaiting) {
        var serializer = serdes.changeEvents().serializer();
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            CrmObjectChangeEvent e = events.get(i);
            // The delay is measured from occurredAt: stamp the change when it is actually produced.
            e.setOccurredAt(java.time.Instant.now());
            producer.send(new ProducerRecord<>(topic, ObjectChanges.objectKey(e), serializer.serialize(topic, e)));
            while (System.nanoTime() - start < i * 1_000_000_000L / perSecond) {
                whileWaiting.run();
            }
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
