package com.associationenricher.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong lookups = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), serdes.changeEvents()))
                .mapValues(event -> {
                    StringBuilder answers = new StringBuilder();
                    for (String to : pairs.targetsOf(event.getObjectType())) {
                        answers.append(lookup(http, baseUrl, token, event, to, calls, throttled));
                        lookups.incrementAndGet();
                    }
                    handled.incrementAndGet();
                    return answers.toString();
                })
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
            while (calls.get() == 0) {
                Thread.sleep(20); // benchmark harness, not a test: waits for the contender's first call
            }
            long startLookups = lookups.get();
            long startHandled = handled.get();
            long startCalls = calls.get();
            long startThrottled = throttled.get();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            Measurement measured = new Measurement(seconds, lookups.get() - startLookups, handled.get() - startHandled, calls.get() - startCalls,
                    0, throttled.get() - startThrottled, List.of(), Measurement.currentPeakRssMb(), 0, 0);
            streams.close(Duration.ofSeconds(30));
            return measured;
        }
    }

    static String lookup(HttpClient http, String baseUrl, String token, CrmObjectChangeEvent event, String to,
                                 AtomicLong calls, AtomicLong throttled) {
        URI uri = URI.create(baseUrl + "/crm/v3/objects/" + event.getObjectType() + "/" + event.getObjectId() + "/associations/" + to);
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                calls.incrementAndGet();
                if (response.statusCode() != 429) {
                    return response.body();
                }
                throttled.incrementAndGet();
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(1) * 1000;
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            } catch (java.io.IOException e) {
                calls.incrementAndGet();
            }
        }
        return "";
    }
}
