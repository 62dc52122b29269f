package com.associationenricher.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What integration tests do with topics on the {@link KafkaBroker}: invent names that never collide across tests,
 * create topics, produce records and wait (bounded) until a topic holds what the test expects. Consumers read with
 * read_committed, so only records of committed transactions count, as a downstream consumer of the enricher sees them.
 */
public final class Topics {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private Topics() {
    }

    /** A name unique in this run and across runs on a reused broker; valid for topics, groups and application ids. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates the topics with {@code partitions} partitions each and waits until the broker confirms. */
    public static void create(int partitions, String... names) {
        create(partitions, Map.of(), names);
    }

    /** Creates the topics with the given topic configs (e.g. {@code cleanup.policy=compact}). */
    public static void create(int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1).configs(configs));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(topics).all().get(DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + List.of(names), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics " + List.of(names), e);
        }
    }

    /** Produces the records in order (idempotent, acks=all) and waits until every one is acknowledged. */
    public static <K, V> List<RecordMetadata> produce(String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                                                      Collection<KeyValue<K, V>> records) {
        return produce(KafkaBroker.bootstrapServers(), topic, keySerializer, valueSerializer, records);
    }

    /** As {@link #produce(String, Serializer, Serializer, Collection)}, to a broker other than the shared one. */
    public static <K, V> List<RecordMetadata> produce(String bootstrapServers, String topic, Serializer<K> keySerializer,
                                                      Serializer<V> valueSerializer, Collection<KeyValue<K, V>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight: with several, a request refused before the broker has applied a new partition
        // (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and its retries then fail with
        // OUT_OF_ORDER_SEQUENCE until they expire: records lost despite idempotence (KAFKA-15591, fixed after 4.3).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<RecordMetadata> written = new ArrayList<>();
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keySerializer, valueSerializer)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (KeyValue<K, V> record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, record.key, record.value)));
            }
            for (Future<RecordMetadata> send : sends) {
                written.add(send.get(DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + topic, e);
        }
        return written;
    }

    /** All committed records of {@code topic} once there are at least {@code count}, waiting at most {@link #DEFAULT_WAIT}. */
    public static <K, V> List<ConsumerRecord<K, V>> consumeAtLeast(String topic, int count, Deserializer<K> keyDeserializer,
                                                                   Deserializer<V> valueDeserializer) {
        return consumeUntil(topic, keyDeserializer, valueDeserializer, records -> records.size() >= count, DEFAULT_WAIT);
    }

    /**
     * Reads {@code topic} from the beginning of every partition until {@code done} holds for everything read so far,
     * and returns it; fails with what was read when {@code timeout} passes first.
     */
    public static <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                                 Deserializer<V> valueDeserializer,
                                                                 Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        return consumeUntil(KafkaBroker.bootstrapServers(), topic, keyDeserializer, valueDeserializer, done, timeout);
    }

    /** As {@link #consumeUntil(String, Deserializer, Deserializer, Predicate, Duration)}, from a broker other than the shared one. */
    public static <K, V> List<ConsumerRecord<K, V>> consumeUntil(String bootstrapServers, String topic, Deserializer<K> keyDeserializer,
                                                                 Deserializer<V> valueDeserializer,
                                                                 Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Waiting for a topic the application under test has not created yet must not create it with defaults.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keyDeserializer, valueDeserializer)) {
            await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (consumer.assignment().isEmpty() && !assignAll(consumer, topic)) {
                            return false;
                        }
                        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                        return done.test(read);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("topic " + topic + ": condition not met within " + timeout.toMillis() + " ms; read "
                    + read.size() + " records: " + abbreviate(read), e);
        }
        return read;
    }

    private static boolean assignAll(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(1));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> assignment = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        return true;
    }

    private static String abbreviate(List<? extends ConsumerRecord<?, ?>> records) {
        List<String> shown = records.stream().limit(10)
                .map(r -> r.partition() + "@" + r.offset() + " " + r.key() + "=" + r.value()).toList();
        return shown + (records.size() > 10 ? " ..." : "");
    }
}
