package com.associationenricher.tools.bench;

import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs a reference Kafka Streams application in {@code cpu_bound}, the yardstick for the topology's cost: the same input
 * bytes (the workload produced the same way, same partitions, same broker process), the same guarantee (exactly_once_v2)
 * and Streams settings as the enricher ({@link EnricherContender#streamsSettings}), and a {@link ReferenceTopology}.
 * Timed like the enricher: from the first record taken until a read_committed consumer has read all its output.
 */
final class ReferenceContender {
    private final String bootstrap;
    private final ReferenceTopology topology;

    ReferenceContender(String bootstrap, ReferenceTopology topology) {
        this.bootstrap = bootstrap;
        this.topology = topology;
    }

    Measurement run(List<CrmObjectChangeEvent> events, Map<String, String> streamsSettings, Duration timeout) throws Exception {
        String run = topology.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // Not named <application.id>-...: TopicTraffic counts those as the application's internal topics.
        String input = "in-" + run;
        String output = "out-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(input, EnricherContender.PARTITIONS, (short) 1),
                    new NewTopic(output, EnricherContender.PARTITIONS, (short) 1))).all().get();
        }
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(run));
        try (BenchProducer producer = new BenchProducer(bootstrap, input, serdes)) {
            producer.sendAll(events);
        }
        AtomicLong firstProcessedNanos = new AtomicLong();
        AtomicReference<AppThreadsCpu> cpu = new AtomicReference<>();
        Runnable onRecord = () -> {
            if (firstProcessedNanos.get() == 0 && firstProcessedNanos.compareAndSet(0, System.nanoTime())) {
                // The CPU window opens with the clock, on the thread that took the first record.
                cpu.set(AppThreadsCpu.start(run));
            }
        };
        Properties props = new Properties();
        props.putAll(streamsSettings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(run).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        long expected = topology.expectedUnits(events);
        KafkaStreams streams = new KafkaStreams(topology.build(input, output, serdes, onRecord), props);
        try (KafkaConsumer<byte[], byte[]> reader = committedReader(output)) {
            streams.start();
            long units = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (units < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    units += topology.unitsOf(record.value());
                }
            }
            double seconds = (System.nanoTime() - firstProcessedNanos.get()) / 1e9;
            double appCpuSeconds = cpu.get() == null ? 0 : cpu.get().seconds();
            // More than expected is as wrong as fewer: something was answered twice.
            if (units != expected) {
                throw new IllegalStateException(topology.name() + ": " + units + " of " + expected + " units within " + timeout);
            }
            return new Measurement(seconds, units, events.size(), 0, 0, 0, List.of(), Measurement.currentPeakRssMb(), 0, 0)
                    .withTraffic(TopicTraffic.of(bootstrap, run)).withAppCpuSeconds(appCpuSeconds);
        } finally {
            // Bounded: KafkaStreams.close() without a timeout can wait forever on a run that went wrong.
            streams.close(Duration.ofSeconds(30));
        }
    }

    private KafkaConsumer<byte[], byte[]> committedReader(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Set<TopicPartition> partitions = new HashSet<>();
        for (int p = 0; p < EnricherContender.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
