package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Confluent Parallel Consumer, the library people pick for asynchronous per-record enrichment: KEY ordering (events
 * of one object stay in order), {@link #CONCURRENCY} records in flight, one call per event and association pair to
 * HubSpot's single-object endpoint, waiting out a 429 like the naive contender. Measured over a fixed window.
 */
final class ParallelConsumerContender {
    /**
     * Tuned for the rate-bound scenario: 19 calls/s at 100-300 ms latency need about 4 calls in flight; 16 leaves
     * headroom for retries after a 429 without queueing hundreds of calls behind the limiter.
     */
    static final int CONCURRENCY = 16;

    private final String bootstrap;

    ParallelConsumerContender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    Measurement run(String baseUrl, String token, List<CrmObjectChangeEvent> events, AssociationPairs pairs, Duration window)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String input = "pc-in-" + run;
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("pc-" + run));
        try (BenchProducer producer = new BenchProducer(bootstrap, input, serdes)) {
            producer.sendAll(events);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pc-" + run);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, CrmObjectChangeEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                serdes.changeEvents().deserializer());
        ParallelStreamProcessor<String, CrmObjectChangeEvent> processor = ParallelStreamProcessor.createEosStreamProcessor(
                ParallelConsumerOptions.<String, CrmObjectChangeEvent>builder()
                        .consumer(consumer)
                        .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                        .maxConcurrency(CONCURRENCY)
                        .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                        // 0.5.3.2 looks for auto-commit by reflection into Kafka 3 internals; it is off (set above)
                        .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
                        .build());
        PerEventCalls contender = new PerEventCalls(baseUrl, token, pairs);
        try {
            processor.subscribe(List.of(input));
            processor.poll(context -> contender.handle(context.getSingleConsumerRecord().value()));
            return contender.measure(window);
        } finally {
            contender.stop();
            processor.closeDontDrainFirst(Duration.ofSeconds(30));
        }
    }
}
