package com.associationenricher.tools.bench;

import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams' own limit on this machine, the reference for {@code cpu_bound}: the same input bytes (the workload
 * produced the same way, same partitions, same broker process), the same guarantee (exactly_once_v2) and Streams
 * settings as the enricher ({@link EnricherContender#streamsSettings}), and a topology of one stateless map to an output
 * topic. Timed like the enricher: from the first record processed until a read_committed consumer has read them all.
 */
final class PassthroughContender {
    static final String NAME = "streams-passthrough";
    private final String bootstrap;

    PassthroughContender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    Measurement run(List<CrmObjectChangeEvent> events, Map<String, String> streamsSettings, Duration timeout) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String input = "passthrough-in-" + run;
        String output = "passthrough-out-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(input, EnricherContender.PARTITIONS, (short) 1),
                    new NewTopic(output, EnricherContender.PARTITIONS, (short) 1))).all().get();
        }
        try (BenchProducer producer = new BenchProducer(bootstrap, input, EnricherSerdes.using(InMemorySchemaRegistry.scope("passthrough-" + run)))) {
            producer.sendAll(events);
        }
        AtomicLong firstProcessedNanos = new AtomicLong();
        String applicationId = "passthrough-" + run;
        AtomicReference<AppThreadsCpu> cpu = new AtomicReference<>();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(value -> {
                    if (firstProcessedNanos.get() == 0 && firstProcessedNanos.compareAndSet(0, System.nanoTime())) {
                        // The CPU window opens with the clock, on the thread that took the first record.
                        cpu.set(AppThreadsCpu.start(applicationId));
                    }
                    return value;
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.putAll(streamsSettings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("passthrough-").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             KafkaConsumer<byte[], byte[]> reader = committedReader(output)) {
            streams.start();
            long read = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read < events.size() && System.nanoTime() < deadline) {
                read += reader.poll(Duration.ofMillis(100)).count();
            }
            if (read < events.size()) {
                throw new IllegalStateException("passthrough: " + read + " of " + events.size() + " records within " + timeout);
            }
            double seconds = (System.nanoTime() - firstProcessedNanos.get()) / 1e9;
            double appCpuSeconds = cpu.get() == null ? 0 : cpu.get().seconds();
            streams.close(Duration.ofSeconds(30));
            return new Measurement(seconds, events.size(), events.size(), 0, 0, 0, List.of(), Measurement.currentPeakRssMb(), 0, 0)
                    .withAppCpuSeconds(appCpuSeconds);
        }
    }

    private KafkaConsumer<byte[], byte[]> committedReader(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        for (int p = 0; p < EnricherContender.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
