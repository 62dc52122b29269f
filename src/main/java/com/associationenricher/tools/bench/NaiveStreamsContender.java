package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The pattern most tutorials show: a Kafka Streams {@code mapValues} that makes one synchronous call per event and
 * association pair to HubSpot's single-object endpoint, waiting out a 429 (Retry-After, else 1 s) before trying again.
 * Measured over a fixed window, since its backlog would take hours.
 */
final class NaiveStreamsContender {
    private final String bootstrap;

    NaiveStreamsContender(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    Measurement run(String baseUrl, String token, List<CrmObjectChangeEvent> events, AssociationPairs pairs, Duration window)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String scope = "naive-" + run;
        String input = "naive-in-" + run;
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope(scope));
        try (BenchProducer producer = new BenchProducer(bootstrap, input, serdes)) {
            producer.sendAll(events);
        }
        PerEventCalls contender = new PerEventCalls(baseUrl, token, pairs);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), serdes.changeEvents()))
                .mapValues(contender::handle)
                .to("naive-out-" + run, Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "naive-" + run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("naive-").toString());
        props.put("auto.offset.reset", "earliest");
        // Sequential calls take ~0.4 s per record: a default poll of 1,000 records would hold close() for minutes.
        props.put(StreamsConfig.consumerPrefix("max.poll.records"), 10);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Measurement measured = contender.measure(window);
            contender.stop();
            streams.close(Duration.ofSeconds(30));
            return measured;
        }
    }
}
