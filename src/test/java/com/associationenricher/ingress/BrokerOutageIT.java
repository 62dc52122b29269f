package com.associationenricher.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise made to HubSpot: a 200 means every event of the request is in Kafka. A burst of concurrent requests
 * runs while the broker is stopped; afterwards (broker back) the topic must hold every event of every request answered
 * 200, and any event missing must belong to a request answered otherwise (which HubSpot retries). Uses its own
 * broker, since it stops it.
 */
class BrokerOutageIT {

    static final String SECRET = "outage-secret";
    static final String TOPIC = "webhook-outage";
    static final int THREADS = 8;
    static final int REQUESTS_PER_THREAD = 25;
    static final int EVENTS_PER_REQUEST = 10;
    static final int ANSWERED_BEFORE_STOP = 40;

    KafkaClusterTestKit cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopBroker() throws Exception {
        cluster.close();
    }

    @Test
    void everyEventOfEveryRequestAnsweredOkIsInKafkaAfterTheBrokerStopsMidBurst() throws Exception {
        String scope = "broker-outage-" + System.nanoTime();
        EnricherConfig config = EnricherConfig.fromMapForIngress(Map.of(
                "kafka.bootstrap.servers", cluster.bootstrapServers(),
                "schema-registry.url", "mock://" + scope,
                "topics.input", TOPIC,
                "ingress.port", "0",
                "ingress.kafka-timeout", "2s",
                "ingress.app-secrets", SECRET));
        ConfluentAvroSerde<CrmObjectChangeEvent> serde =
                ConfluentAvroSerde.forValues(InMemorySchemaRegistry.scope(scope), CrmObjectChangeEvent.class);
        IngressMetrics metrics = new IngressMetrics(new SimpleMeterRegistry());
        Map<Integer, Integer> statusByRequest = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        BrokerServer broker = cluster.brokers().values().iterator().next();

        try (KafkaChangeEventSink sink = KafkaChangeEventSink.create(config.kafkaProperties(), TOPIC, serde.serializer(),
                config.ingress().kafkaTimeout());
             WebhookIngress ingress = WebhookIngress.start(config.ingress(),
                     SignatureVerifier.from(config.ingress(), Clock.systemUTC()), sink, metrics)) {
            URI url = URI.create("http://localhost:" + ingress.port() + "/webhooks/hubspot");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService senders = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> burst = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int first = thread * REQUESTS_PER_THREAD;
                burst.add(senders.submit(() -> {
                    for (int request = first; request < first + REQUESTS_PER_THREAD; request++) {
                        statusByRequest.put(request, post(http, url, request));
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= ANSWERED_BEFORE_STOP);
            broker.shutdown();
            for (Future<?> sender : burst) {
                sender.get(5, TimeUnit.MINUTES);
            }
            senders.shutdown();
        }
        broker.startup();
        cluster.waitForReadyBrokers();

        Set<Integer> okRequests = requestsAnswered(statusByRequest, 200);
        Set<Integer> refusedRequests = new HashSet<>(statusByRequest.keySet());
        refusedRequests.removeAll(okRequests);
        assertThat(statusByRequest).hasSize(THREADS * REQUESTS_PER_THREAD);
        assertThat(statusByRequest.values()).as("only 200 and 503 (Kafka unavailable)").containsOnly(200, 503);
        assertThat(okRequests).as("some requests were accepted before the stop").isNotEmpty();
        assertThat(refusedRequests).as("some requests met the stopped broker").isNotEmpty();

        Set<String> inTopic = eventIdsInTopic(serde);
        Set<String> ofOkRequests = okRequests.stream().flatMap(request -> eventIds(request).stream()).collect(Collectors.toSet());
        assertThat(inTopic).as("every event of every request answered 200").containsAll(ofOkRequests);
        Set<String> missing = new HashSet<>();
        statusByRequest.keySet().forEach(request -> missing.addAll(eventIds(request)));
        missing.removeAll(inTopic);
        assertThat(missing).as("every event missing belongs to a request answered non-200")
                .allSatisfy(eventId -> assertThat(statusByRequest.get(requestOf(eventId))).isNotEqualTo(200));
        assertThat(metrics.requests(IngressOutcome.ACCEPTED)).isEqualTo(okRequests.size());
        assertThat(metrics.requests(IngressOutcome.KAFKA_UNAVAILABLE)).isEqualTo(refusedRequests.size());
        System.err.printf("Broker outage: %d requests answered 200, %d answered 503; %d events in the topic, %d missing%n",
                okRequests.size(), refusedRequests.size(), inTopic.size(), missing.size());
    }

    static int post(HttpClient http, URI url, int request) throws Exception {
        String body = IntStream.range(0, EVENTS_PER_REQUEST)
                .mapToObj(i -> "{\"eventId\":" + (request * 100 + i) + ",\"portalId\":7,\"appId\":1,\"occurredAt\":1700000000000,"
                        + "\"subscriptionType\":\"contact.propertyChange\",\"propertyName\":\"email\","
                        + "\"objectId\":" + (request * 100 + i) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        long now = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(url)
                        .header("X-HubSpot-Signature-v3", HubSpotSigner.v3(SECRET, "POST", url.toString(), body, now))
                        .header("X-HubSpot-Request-Timestamp", String.valueOf(now))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static List<String> eventIds(int request) {
        return IntStream.range(0, EVENTS_PER_REQUEST).mapToObj(i -> String.valueOf(request * 100 + i)).toList();
    }

    static int requestOf(String eventId) {
        return Integer.parseInt(eventId) / 100;
    }

    static Set<Integer> requestsAnswered(Map<Integer, Integer> statusByRequest, int status) {
        Map<Integer, Integer> copy = new HashMap<>(statusByRequest);
        copy.values().removeIf(answer -> answer != status);
        return copy.keySet();
    }

    /** Every event id in the topic: read (read_committed) up to the end offsets taken once the broker is back. */
    Set<String> eventIdsInTopic(ConfluentAvroSerde<CrmObjectChangeEvent> serde) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> eventIds = new HashSet<>();
        try (KafkaConsumer<String, CrmObjectChangeEvent> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> eventIds.add(record.value().getEventId()));
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return eventIds;
    }
}
