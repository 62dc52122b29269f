package com.associationenricher.ingress;

import com.associationenricher.events.SchemaRegistryException;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.ObjectChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces webhook events to the input topic, keyed {@code portalId:objectType:objectId}, with an idempotent producer
 * ({@code acks=all}), and waits until every record of the batch is acknowledged or the timeout passes. A record still
 * in flight after a timeout may land later; HubSpot's retry then sends it again, which downstream tolerates.
 */
public final class KafkaChangeEventSink implements ChangeEventSink {

    private final Producer<String, CrmObjectChangeEvent> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaChangeEventSink(Producer<String, CrmObjectChangeEvent> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    public static KafkaChangeEventSink create(Properties kafkaSettings, String topic,
                                              Serializer<CrmObjectChangeEvent> valueSerializer, Duration timeout) {
        return new KafkaChangeEventSink(
                new KafkaProducer<>(producerProperties(kafkaSettings, timeout), new StringSerializer(), valueSerializer),
                topic, timeout);
    }

    /**
     * The producer settings among {@code kafkaSettings} (the {@code kafka.*} pass-through, which also holds Streams
     * settings), with durability forced and every wait bounded by {@code timeout}, so a request is answered in time.
     */
    public static Properties producerProperties(Properties kafkaSettings, Duration timeout) {
        Properties producer = new Properties();
        kafkaSettings.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key.toString())) {
                producer.put(key, value);
            }
        });
        // Each send is acknowledged on its own; a transactional id (meant for Streams) would demand transactions.
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "association-enricher-ingress");
        long timeoutMs = Math.max(timeout.toMillis(), 1_000);
        long lingerMs = Long.parseLong(producer.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5").toString());
        producer.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(Math.min(lingerMs, timeoutMs / 10)));
        long linger = Long.parseLong(producer.get(ProducerConfig.LINGER_MS_CONFIG).toString());
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs - linger));
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
        return producer;
    }

    @Override
    public void publish(List<CrmObjectChangeEvent> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (CrmObjectChangeEvent event : events) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException();
                }
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, ObjectChanges.objectKey(event), event));
                acks.add(ack);
                if (ack.isDone()) {
                    // send() failed at once (metadata unavailable after max.block.ms): the next would block again.
                    ack.get();
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new SinkUnavailableException("Kafka did not acknowledge " + events.size() + " events within " + timeout, e);
        } catch (ExecutionException e) {
            throw new SinkUnavailableException("Kafka refused events: " + e.getCause(), e.getCause());
        } catch (KafkaException | SchemaRegistryException e) {
            // Raised by send() itself: metadata not available within max.block.ms, or the registry is unreachable.
            throw new SinkUnavailableException("cannot send to Kafka: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkUnavailableException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(timeout);
    }
}
