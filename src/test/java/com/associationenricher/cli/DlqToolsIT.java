package com.associationenricher.cli;

import static com.associationenricher.dlq.DeadLetters.lookup;
import static com.associationenricher.dlq.DeadLetters.rejectedInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.dlq.DeadLetterFilter;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.dlq.DeadLetterRecord;
import com.associationenricher.dlq.DeadLetterSource;
import com.associationenricher.dlq.ToolClients;
import com.associationenricher.dlq.UnreadableRecord;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.SchemaRegistries;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator tools against a real broker, run as an operator runs them: through the jar's command line. One
 * dead-letter topic with mixed reasons and portals, plus two records that are not dead letters, serves every test;
 * each replay goes to a fresh input topic.
 */
@ExtendWith(KafkaBroker.class)
class DlqToolsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.now();
    static final Instant THREE_HOURS_AGO = NOW.minus(Duration.ofHours(3));

    static String registryUrl;
    static SchemaRegistry registry;
    static String dlq;
    static Path config;

    @TempDir
    static Path dir;

    @BeforeAll
    static void deadLetterTopicWithMixedReasonsAndPortals() throws Exception {
        registryUrl = "mock://" + Topics.uniqueName("dlq-tools");
        registry = SchemaRegistries.connect(registryUrl, null, null);
        dlq = Topics.uniqueName("dlq");
        Topics.create(3, dlq);
        // Portal 1: contacts 1, 2, 3 lack the companies scope; contact 1 also failed toward deals (same object).
        produceDeadLetters(dlq, NOW, List.of(
                lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "1", "companies"),
                lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "2", "companies"),
                lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "3", "companies"),
                lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "1", "deals"),
                rejectedInput(DeadLetterReason.INVALID_EVENT, "crm.object-changes", 2, 77, "1:contacts:9", "{\"objectId\":\"9\"}")));
        // Portal 2: two deals not found, three hours ago.
        produceDeadLetters(dlq, THREE_HOURS_AGO, List.of(
                lookup(DeadLetterReason.OBJECT_ERROR, 2, "deals", "10", "contacts"),
                lookup(DeadLetterReason.OBJECT_ERROR, 2, "deals", "11", "contacts")));
        produceRaw(dlq, "junk", "not avro at all".getBytes(StandardCharsets.UTF_8));
        produceRaw(dlq, "unknown-schema", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4});
        config = writeConfig(Topics.uniqueName("unused-input"));
    }

    static Path writeConfig(String inputTopic) throws IOException {
        Path file = dir.resolve(inputTopic + ".properties");
        Files.writeString(file, String.join("\n",
                "kafka.bootstrap.servers=" + KafkaBroker.bootstrapServers(),
                "schema-registry.url=" + registryUrl,
                "topics.input=" + inputTopic,
                "topics.dead-letter=" + dlq,
                "") );
        return file;
    }

    static CommandRun dlq(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void statsCountEveryDeadLetterByReasonCategoryPortalAndPair() {
        CommandRun run = dlq("stats");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("7 dead letters in " + dlq).contains("2 unreadable records skipped");
        assertThat(run.out())
                .containsPattern("\nMISSING_SCOPES\\s+4\\s")
                .containsPattern("\nOBJECT_ERROR\\s+2\\s")
                .containsPattern("\nINVALID_EVENT\\s+1\\s")
                .containsPattern("\nOBJECT_NOT_FOUND\\s+2\\s")
                .containsPattern("\n1\\s+4\\s").containsPattern("\n2\\s+2\\s").containsPattern("\n\\(none\\)\\s+1\\s")
                .containsPattern("\ncontacts->companies\\s+3\\s").containsPattern("\ncontacts->deals\\s+1\\s")
                .containsPattern("\ndeals->contacts\\s+2\\s+" + time(THREE_HOURS_AGO));
        assertThat(run.err().lines()).hasSize(2).allMatch(line -> line.startsWith("skipped unreadable record at " + dlq + " partition "));
    }

    @Test
    void statsSinceCountOnlyRecentDeadLetters() {
        CommandRun run = dlq("stats", "--since", "1h");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("5 dead letters in " + dlq).doesNotContain("OBJECT_ERROR");
    }

    @Test
    void listFiltersByReasonAndPrintsReadableJsonLines() throws IOException {
        CommandRun run = dlq("list", "--reason", "object_error", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.outLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("objectId").asText()).containsExactlyInAnyOrder("10", "11");
        JsonNode first = lines.get(0);
        assertThat(first.get("reason").asText()).isEqualTo("OBJECT_ERROR");
        assertThat(first.get("portalId").asLong()).isEqualTo(2);
        assertThat(first.get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(first.get("key").asText()).isEqualTo("2:deals:" + first.get("objectId").asText() + ":contacts");
        assertThat(first.get("firstFailedAt").asText()).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(first.has("partition")).isTrue();
        assertThat(first.has("offset")).isTrue();
    }

    @Test
    void listCombinesFiltersAndLimits() {
        assertThat(dlq("list", "--portal", "1", "--to-type", "deals", "--format", "json").outLines())
                .singleElement().asString().contains("\"objectId\":\"1\"").contains("\"toObjectType\":\"deals\"");
        assertThat(dlq("list", "--category", "MISSING_SCOPES", "--until", "1h", "--format", "json").outLines()).isEmpty();
        assertThat(dlq("list", "--reason", "MISSING_SCOPES", "--limit", "2", "--format", "json").outLines()).hasSize(2);
        CommandRun table = dlq("list", "--reason", "MISSING_SCOPES");
        assertThat(table.outLines()).hasSize(6);
        assertThat(table.outLines().get(0)).startsWith("DLQ P/OFF");
        assertThat(table.out()).contains("missing scopes crm.objects.companies.read").contains("(4 dead letters of 9 records read");
    }

    @Test
    void replayMissingScopesSendsOneChangeEventPerAffectedObject() throws IOException {
        String input = Topics.uniqueName("input");
        Topics.create(3, input);
        config = writeConfig(input);

        CommandRun run = dlq("replay", "--reason", "MISSING_SCOPES");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Selected 4 dead letters; skipped 2 unreadable records.")
                .contains("4 dead letters -> 3 change events, 3 sent and acknowledged by " + input);
        List<ConsumerRecord<String, CrmObjectChangeEvent>> replayed = consumeChangeEvents(input, 3);
        assertThat(replayed).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("1:contacts:1", "1:contacts:2", "1:contacts:3");
        for (ConsumerRecord<String, CrmObjectChangeEvent> record : replayed) {
            CrmObjectChangeEvent event = record.value();
            assertThat(record.key()).isEqualTo(event.getPortalId() + ":" + event.getObjectType() + ":" + event.getObjectId());
            assertThat(event.getChangeType()).isEqualTo(ChangeType.UPDATED);
            Headers headers = record.headers();
            assertThat(DeadLetterHeaders.read(headers, "replay")).isEqualTo("true");
            assertThat(DeadLetterHeaders.read(headers, "replay.source-topic")).isEqualTo(dlq);
            assertThat(event.getEventId()).isEqualTo("replay-" + DeadLetterHeaders.read(headers, "replay.source-partition")
                    + "-" + DeadLetterHeaders.read(headers, "replay.source-offset"));
            assertThat(event.getOccurredAt()).isAfterOrEqualTo(NOW);
        }
        assertThat(endOffsetSum(input)).isEqualTo(3);
    }

    @Test
    void aDryRunPrintsWhatWouldBeSentAndSendsNothing() throws IOException {
        String input = Topics.uniqueName("input");
        Topics.create(1, input);
        config = writeConfig(input);

        CommandRun run = dlq("replay", "--reason", "MISSING_SCOPES", "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("would send to " + input + ": change event key="))
                .hasSize(3);
        assertThat(run.out()).contains("Dry run, nothing sent.").contains("4 dead letters -> 3 change events would be sent to " + input);
        assertThat(endOffsetSum(input)).isZero();
    }

    @Test
    void replayingTwiceSendsTheSameSetAgain() throws IOException {
        String input = Topics.uniqueName("input");
        Topics.create(1, input);
        config = writeConfig(input);

        assertThat(dlq("replay", "--portal", "2").exitCode()).isZero();
        assertThat(dlq("replay", "--portal", "2").exitCode()).isZero();

        List<ConsumerRecord<String, CrmObjectChangeEvent>> replayed = consumeChangeEvents(input, 4);
        assertThat(replayed).hasSize(4);
        assertThat(replayed.subList(0, 2)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("2:deals:10", "2:deals:11");
        assertThat(replayed.subList(2, 4)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("2:deals:10", "2:deals:11");
        Map<String, Set<String>> eventIdsByKey = replayed.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(record -> record.value().getEventId(), Collectors.toSet())));
        assertThat(eventIdsByKey.values()).allSatisfy(eventIds -> assertThat(eventIds).hasSize(1));
    }

    @Test
    void invalidInputIsSkippedUnlessIncludedAndThenSentAsItsOriginalBytes() throws IOException {
        String input = Topics.uniqueName("input");
        Topics.create(1, input);
        config = writeConfig(input);

        CommandRun skipped = dlq("replay", "--reason", "INVALID_EVENT");
        assertThat(skipped.out()).contains("Skipped 1 INVALID_EVENT/UNDECODABLE_EVENT dead letters")
                .contains("0 dead letters -> 0 change events");
        assertThat(endOffsetSum(input)).isZero();

        CommandRun included = dlq("replay", "--reason", "INVALID_EVENT", "--include-invalid");
        assertThat(included.out()).contains("0 change events + 1 original input records, 1 sent");
        List<ConsumerRecord<String, String>> raw = Topics.consumeAtLeast(input, 1, new StringDeserializer(), new StringDeserializer());
        assertThat(raw).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("1:contacts:9");
            assertThat(record.value()).isEqualTo("{\"objectId\":\"9\"}");
            assertThat(DeadLetterHeaders.read(record.headers(), "replay")).isEqualTo("true");
        });
    }

    @Test
    void aPacedReplayTakesAsLongAsItsRateSays() throws IOException {
        String input = Topics.uniqueName("input");
        Topics.create(1, input);
        config = writeConfig(input);

        long started = System.nanoTime();
        CommandRun run = dlq("replay", "--reason", "MISSING_SCOPES,OBJECT_ERROR", "--rate", "5");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("6 dead letters -> 5 change events, 5 sent");
        // Five records at five per second, the first without waiting: at least four intervals of 200 ms.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(780));
    }

    @Test
    void aLongReplayReportsProgressInPlaceOnStderr() throws IOException {
        String bigDlq = Topics.uniqueName("dlq-big");
        String input = Topics.uniqueName("input");
        Topics.create(3, bigDlq, input);
        List<AssociationDeadLetter> deadLetters = new ArrayList<>();
        for (int id = 0; id < 3_000; id++) {
            deadLetters.add(lookup(DeadLetterReason.RETRIES_EXHAUSTED, 9, "contacts", Integer.toString(id), "companies"));
        }
        produceDeadLetters(bigDlq, NOW, deadLetters);
        Path bigConfig = dir.resolve("big.properties");
        Files.writeString(bigConfig, "kafka.bootstrap.servers=" + KafkaBroker.bootstrapServers() + "\nschema-registry.url="
                + registryUrl + "\ntopics.input=" + input + "\ntopics.dead-letter=" + bigDlq + "\n");

        long started = System.nanoTime();
        CommandRun run = CommandRun.of("dlq", "replay", "--config", bigConfig.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3000 dead letters -> 3000 change events, 3000 sent and acknowledged");
        assertThat(run.err()).startsWith("\rreplaying: 500/3000").endsWith("\rreplaying: 3000/3000 records handed to Kafka\n");
        assertThat(run.err().split("\n")).hasSize(1);
        assertThat(endOffsetSum(input)).isEqualTo(3_000);
        System.err.println("replayed 3000 dead letters in " + millis + " ms");
    }

    @Test
    void deadLettersWrittenAfterTheReadStartedAreNotRead() throws Exception {
        String topic = Topics.uniqueName("dlq-growing");
        Topics.create(2, topic);
        produceDeadLetters(topic, NOW, List.of(
                lookup(DeadLetterReason.MISSING_SCOPES, 5, "contacts", "1", "companies"),
                lookup(DeadLetterReason.MISSING_SCOPES, 5, "contacts", "2", "companies"),
                lookup(DeadLetterReason.MISSING_SCOPES, 5, "contacts", "3", "companies")));
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", KafkaBroker.bootstrapServers());
        DeadLetterSource source = new DeadLetterSource(ToolClients.from(kafka), registry, topic);
        List<String> seen = new ArrayList<>();

        DeadLetterSource.Counts counts = source.read(DeadLetterFilter.all(), new DeadLetterSource.Listener() {
            @Override
            public boolean matched(DeadLetterRecord record) {
                if (seen.isEmpty()) {
                    // As a replay that fails again would: more dead letters arrive while the tool reads.
                    produceDeadLetters(topic, NOW, List.of(
                            lookup(DeadLetterReason.MISSING_SCOPES, 5, "contacts", "4", "companies"),
                            lookup(DeadLetterReason.MISSING_SCOPES, 5, "contacts", "5", "companies")));
                }
                seen.add(record.deadLetter().getObjectId());
                return true;
            }
        });

        assertThat(seen).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(counts.read()).isEqualTo(3);
        assertThat(endOffsetSum(topic)).isEqualTo(5);
    }

    @Test
    void anUnreadableDeadLetterIsReportedWithItsCoordinatesAndSkipped() {
        List<UnreadableRecord> unreadable = new ArrayList<>();
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", KafkaBroker.bootstrapServers());

        DeadLetterSource.Counts counts = new DeadLetterSource(ToolClients.from(kafka), registry, dlq)
                .read(DeadLetterFilter.all(), new DeadLetterSource.Listener() {
                    @Override
                    public boolean matched(DeadLetterRecord record) {
                        return true;
                    }

                    @Override
                    public void unreadable(UnreadableRecord record) {
                        unreadable.add(record);
                    }
                });

        assertThat(counts).isEqualTo(new DeadLetterSource.Counts(9, 7, 2));
        assertThat(unreadable).extracting(UnreadableRecord::problem).anySatisfy(problem -> assertThat(problem).contains("magic byte"))
                .anySatisfy(problem -> assertThat(problem).contains("unknown schema id"));
    }

    @Test
    void tailPrintsAvroRecordsAndTombstonesAsJsonLines() throws IOException {
        String topic = Topics.uniqueName("associations");
        Topics.create(1, topic);
        var serde = ConfluentAvroSerde.forValues(registry, AssociationEvent.class);
        AssociationEvent event = AssociationEvent.newBuilder().setPortalId(1).setFromObjectType("contacts")
                .setFromObjectId("1").setToObjectType("companies").setAssociations(List.of()).setComplete(true)
                .setFetchedAt(Instant.parse("2026-05-01T10:00:00Z")).setApiVersion("v3").build();
        Topics.produce(topic, new StringSerializer(), serde.serializer(), List.of(
                KeyValue.pair("1:contacts:1:companies", event), KeyValue.pair("1:contacts:2:companies", null),
                KeyValue.pair("1:contacts:3:companies", event)));

        CommandRun run = CommandRun.of("tail", "--topic", topic, "--from-beginning", "--max", "2", "--timeout", "5s",
                "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(2);
        JsonNode first = JSON.readTree(run.outLines().get(0));
        assertThat(first.get("partition").asInt()).isZero();
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("key").asText()).isEqualTo("1:contacts:1:companies");
        assertThat(first.get("timestamp").asText()).endsWith("Z");
        assertThat(first.get("headers").isObject()).isTrue();
        assertThat(first.get("value").get("fetchedAt").asText()).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(first.get("value").get("apiVersion").asText()).isEqualTo("v3");
        assertThat(JSON.readTree(run.outLines().get(1)).get("value").isNull()).isTrue();

        CommandRun fromEnd = CommandRun.of("tail", "--topic", topic, "--timeout", "1s", "--config", config.toString());
        assertThat(fromEnd.exitCode()).isZero();
        assertThat(fromEnd.outLines()).isEmpty();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static void produceDeadLetters(String topic, Instant timestamp, List<AssociationDeadLetter> deadLetters) {
        var serializer = ConfluentAvroSerde.forValues(registry, AssociationDeadLetter.class).serializer();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (AssociationDeadLetter deadLetter : deadLetters) {
                String key = deadLetter.getObjectId() != null
                        ? deadLetter.getPortalId() + ":" + deadLetter.getFromObjectType() + ":" + deadLetter.getObjectId() + ":" + deadLetter.getToObjectType()
                        : "input:" + deadLetter.getSourceTopic() + ":" + deadLetter.getSourcePartition() + ":" + deadLetter.getSourceOffset();
                sends.add(producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topic, deadLetter), DeadLetterHeaders.of(deadLetter))));
            }
            for (var send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException("cannot produce dead letters to " + topic, e);
        }
    }

    static void produceRaw(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders()))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // one request in flight: see Topics.produce (KAFKA-15591)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<ConsumerRecord<String, CrmObjectChangeEvent>> consumeChangeEvents(String topic, int count) {
        var serde = ConfluentAvroSerde.forValues(registry, CrmObjectChangeEvent.class);
        return Topics.consumeAtLeast(topic, count, new StringDeserializer(), serde.deserializer());
    }

    static long endOffsetSum(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
