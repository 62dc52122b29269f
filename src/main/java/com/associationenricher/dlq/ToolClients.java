package com.associationenricher.dlq;

import com.associationenricher.config.EnricherConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.LoggerFactory;

/**
 * Kafka clients for the operator tools, from the service's own {@code kafka.*} settings (security, SASL, ...). They
 * never join the enricher's consumer group: no {@code group.id}, partitions are assigned, nothing is committed. Every
 * blocking metadata call is bounded by {@link #reachTimeout()} ({@code kafka.default.api.timeout.ms}, 15 s unless
 * set), so an unreachable cluster is one clear error instead of a hang.
 */
public final class ToolClients {

    static final Duration DEFAULT_REACH_TIMEOUT = Duration.ofSeconds(15);

    /** Settings of the Streams application that plain clients do not know, or that must not leak into them. */
    private static final Set<String> NOT_FOR_TOOLS = Set.of("application.id", "processing.guarantee", "group.id",
            "group.instance.id", "transactional.id", "enable.auto.commit", "num.stream.threads", "state.dir",
            "commit.interval.ms", "replication.factor", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer");

    private final Properties base;
    private final Duration reachTimeout;

    private ToolClients(Properties kafka) {
        this.base = new Properties();
        kafka.forEach((key, value) -> {
            if (!NOT_FOR_TOOLS.contains(key.toString())) {
                base.put(key, value);
            }
        });
        String timeout = base.getProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        this.reachTimeout = timeout == null ? DEFAULT_REACH_TIMEOUT : Duration.ofMillis(Long.parseLong(timeout.trim()));
        base.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(reachTimeout.toMillis()));
        base.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(reachTimeout.toMillis()));
        base.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "association-enricher-tools");
    }

    public static ToolClients from(EnricherConfig config) {
        return new ToolClients(config.kafkaProperties());
    }

    /** From raw Kafka client settings (at least {@code bootstrap.servers}). */
    public static ToolClients from(Properties kafka) {
        return new ToolClients(kafka);
    }

    public String bootstrapServers() {
        return base.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public Duration reachTimeout() {
        return reachTimeout;
    }

    /** A group-less reader of committed data only: a replay never sees records of aborted transactions. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = copy();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** An idempotent producer that waits for every in-sync replica. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties props = copy();
        props.remove(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        props.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // One request in flight: with several, a request refused before the broker has applied a new partition
        // (NOT_LEADER_OR_FOLLOWER) can be overtaken by the next one, and its retries then fail with
        // OUT_OF_ORDER_SEQUENCE until they expire: records lost despite idempotence (KAFKA-15591, fixed after 4.3).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(reachTimeout.toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** The error for a cluster that did not answer within {@link #reachTimeout()}. */
    public KafkaUnreachableException unreachable(Throwable cause) {
        return new KafkaUnreachableException(bootstrapServers(), reachTimeout, cause);
    }

    /**
     * Silences the client's repeated "connection could not be established" warnings: a tool reports an unreachable
     * cluster once, itself, when its wait is over.
     */
    public static void quietConnectionWarnings() {
        if (LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private Properties copy() {
        Properties props = new Properties();
        props.putAll(base);
        return props;
    }
}
