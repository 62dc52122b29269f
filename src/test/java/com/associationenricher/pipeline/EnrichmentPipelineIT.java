package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.AssociationsReaders;
import com.associationenricher.ops.EnricherMetrics;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.ScopeErrorForm;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real broker against a real HTTP server that answers like HubSpot: a few thousand change
 * events over many ids and three portals, and the exact association table and dead letters that must come out.
 */
@ExtendWith(KafkaBroker.class)
class EnrichmentPipelineIT {
    /** Strictly increasing event times: the expected table follows the events' occurredAt order. */
    static final long START = System.currentTimeMillis() - 600_000;
    static final long PORTAL_A = 101;
    static final long PORTAL_B = 102;
    static final long UNCONFIGURED_PORTAL = 103;
    static final Set<String> FAILING_IDS = Set.of("1014", "1700", "2001");
    /** Ids HubSpot leaves out of its answer altogether. */
    static final Set<String> OMITTED_IDS = Set.of("1021", "2008");
    static final Map<String, List<String>> PAIRS = Map.of(
            "contacts", List.of("companies", "deals"),
            "companies", List.of("contacts", "deals"),
            "deals", List.of("contacts", "companies"),
            "tickets", List.of("contacts", "companies"));

    @TempDir
    Path stateDir;
    HubSpotSimulator hubspot;
    EnricherService service;
    AssociationsReader reader;
    final EnricherMetrics metrics = EnricherMetrics.inMemory();
    final String scope = Topics.uniqueName("registry");
    String input;
    String output;
    String deadLetters;

    @BeforeEach
    void start() {
        hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token("token-a", PORTAL_A)
                .token("token-b", PORTAL_B)
                .latencyMs(5, 40)
                .missingScopes("tickets")
                .scopeErrorForm(ScopeErrorForm.ROTATE)
                .failIds(FAILING_IDS)
                .failId("1021", SimulatorSettings.OMITTED)
                .failId("2008", SimulatorSettings.OMITTED)
                .build());
        input = Topics.uniqueName("changes");
        output = Topics.uniqueName("associations");
        deadLetters = Topics.uniqueName("dlq");
        EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("enricher"), stateDir)
                .registry("mock://" + scope)
                .topics(input, output, deadLetters)
                .hubspot(hubspot.baseUrl())
                .with("kafka.num.stream.threads", "2")
                .with("topics.partitions", "4")
                .with("hubspot.portals." + PORTAL_A + ".token", "token-a")
                .with("hubspot.portals." + PORTAL_B + ".token", "token-b")
                .with("hubspot.rate-limit.requests", "1000")
                .with("batch.max-ids", "100")
                .with("batch.max-wait", "200ms")
                .build();
        reader = AssociationsReaders.create(config.hubspot(), metrics);
        service = new EnricherService(config, reader, metrics);
        service.start();
    }

    @AfterEach
    void stop() {
        service.close(Duration.ofSeconds(30));
        reader.close();
        hubspot.close();
    }

    @Test
    void everyIdThatEntersEndsAsItsExactAssociationsOrAsADeadLetter() {
        List<CrmObjectChangeEvent> events = workload(3_000, new Random(7));
        List<KeyValue<byte[], byte[]>> records = new ArrayList<>();
        var serializer = TestSerdes.enricherSerdes(scope).changeEvents().serializer();
        for (CrmObjectChangeEvent event : events) {
            records.add(KeyValue.pair(("relay-" + event.getEventId()).getBytes(StandardCharsets.UTF_8), serializer.serialize(input, event)));
        }
        List<byte[]> invalid = List.of("garbage".getBytes(StandardCharsets.UTF_8),
                serializer.serialize(input, event(PORTAL_A, "contacts", "12ab", ChangeType.UPDATED, 1)),
                serializer.serialize(input, event(PORTAL_A, "planets", "5", ChangeType.UPDATED, 2)));
        invalid.forEach(bytes -> records.add(KeyValue.pair(null, bytes)));
        Topics.produce(input, new ByteArraySerializer(), new ByteArraySerializer(), records);

        Map<String, Expected> expected = expectations(events);
        var associationSerde = TestSerdes.enricherSerdes(scope);
        List<ConsumerRecord<String, AssociationEvent>> out;
        try {
            out = Topics.consumeUntil(output, new StringDeserializer(),
                associationSerde.associationEvents().deserializer(),
                read -> outputsSatisfied(expected, latest(read)), Duration.ofSeconds(40));
        } catch (AssertionError e) {
            throw new AssertionError("unsatisfied keys, e.g. " + lastMismatch, e);
        }
        // Wait for every key that must end in the DLQ, not for a count of keys: a key whose last event is a deletion
        // may also hold a dead letter from an earlier event (an unknown portal, a missing scope), and counting it
        // would end the wait before the last expected letter arrived.
        Set<String> expectedDeadLetterKeys = expected.entrySet().stream().filter(e -> e.getValue().reason != null)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<ConsumerRecord<String, AssociationDeadLetter>> dlq = Topics.consumeUntil(deadLetters, new StringDeserializer(),
                associationSerde.deadLetters().deserializer(),
                read -> {
                    Set<String> keys = read.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
                    return keys.containsAll(expectedDeadLetterKeys)
                            && keys.stream().filter(k -> k.startsWith("input:")).count() >= invalid.size();
                },
                Duration.ofSeconds(60));

        Map<String, AssociationEvent> table = latest(out);
        Map<String, List<AssociationDeadLetter>> dlqByKey = dlq.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));

        // Nothing appears that was not asked for.
        assertThat(table.keySet()).isSubsetOf(expected.keySet());
        assertThat(dlqByKey.keySet().stream().filter(k -> !k.startsWith("input:"))).allMatch(expected::containsKey);
        expected.forEach((key, want) -> {
            if (want.tombstone) {
                assertThat(table).as("tombstone of %s", key).containsEntry(key, null);
            } else if (want.reason == null) {
                assertThat(table.get(key)).as("associations of %s", key).isNotNull();
                assertThat(ids(table.get(key))).as("associations of %s", key).isEqualTo(want.truth);
                assertThat(table.get(key).getComplete()).as("complete flag of %s", key).isEqualTo(want.complete);
                assertThat(dlqByKey).as("no dead letter for %s", key).doesNotContainKey(key);
            } else {
                assertThat(dlqByKey.get(key)).as("dead letters of %s", key).isNotEmpty()
                        .allSatisfy(dl -> assertThat(dl.getReason()).isEqualTo(want.reason));
                assertThat(table.get(key)).as("no associations for failed %s", key).isNull();
            }
        });
        assertEveryEventSaysWhatChangedSinceThePreviousEventOfItsKey(out);
        List<AssociationDeadLetter> scopeLetters = dlqByKey.values().stream().flatMap(List::stream)
                .filter(dl -> dl.getReason() == DeadLetterReason.MISSING_SCOPES).toList();
        assertThat(scopeLetters).isNotEmpty().allSatisfy(dl -> {
            assertThat(dl.getMissingScopes()).containsExactly("crm.objects.tickets.read");
            assertThat(dl.getHttpStatus()).isEqualTo(403);
        });
        assertThat(dlqByKey.values().stream().flatMap(List::stream).filter(dl -> dl.getReason() == DeadLetterReason.OBJECT_ERROR))
                .isNotEmpty().allSatisfy(dl -> assertThat(dl.getCategory()).isEqualTo("OBJECT_NOT_FOUND"));
        assertThat(dlqByKey.values().stream().flatMap(List::stream).filter(dl -> dl.getReason() == DeadLetterReason.UNACCOUNTED))
                .isNotEmpty();
        List<AssociationDeadLetter> rejected = dlqByKey.entrySet().stream().filter(e -> e.getKey().startsWith("input:"))
                .flatMap(e -> e.getValue().stream()).toList();
        assertThat(rejected).extracting(AssociationDeadLetter::getReason).containsExactlyInAnyOrder(
                DeadLetterReason.UNDECODABLE_EVENT, DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT);

        System.out.printf("pipeline IT: %d events in, %d keys expected (%d tombstones, %d dead-letter keys, %d tombstoned keys "
                        + "that also hold an earlier dead letter), "
                        + "%d association records out, %d dead letters, %.0f batches, %d simulator calls, "
                        + "%.0f unchanged answers not written%n",
                events.size() + invalid.size(), expected.size(), expected.values().stream().filter(e -> e.tombstone).count(),
                expectedDeadLetterKeys.size(),
                dlqByKey.keySet().stream().filter(k -> expected.containsKey(k) && expected.get(k).tombstone).count(), out.size(), dlq.size(), metrics.count("enricher.batches"), hubspot.stats().totalCalls(),
                metrics.count("enricher.association.events.suppressed"));
    }

    /**
     * Replays the output as a consumer does, per key in offset order: each event's added and removed are exactly the
     * difference to the previous event of its key (none at the start or after a tombstone), and no event repeats the
     * previous one unchanged (output.emit-unchanged is false by default).
     */
    private static void assertEveryEventSaysWhatChangedSinceThePreviousEventOfItsKey(List<ConsumerRecord<String, AssociationEvent>> out) {
        Map<String, AssociationEvent> previous = new HashMap<>();
        int checked = 0;
        for (ConsumerRecord<String, AssociationEvent> record : out) {
            AssociationEvent now = record.value();
            if (now != null) {
                AssociationEvent before = previous.get(record.key());
                Set<Association> was = before == null ? Set.of() : new LinkedHashSet<>(before.getAssociations());
                Set<Association> is = new LinkedHashSet<>(now.getAssociations());
                String where = record.key() + " at " + record.partition() + "/" + record.offset();
                assertThat(now.getAdded()).as("added of %s", where)
                        .containsExactlyInAnyOrderElementsOf(is.stream().filter(a -> !was.contains(a)).toList());
                assertThat(now.getRemoved()).as("removed of %s", where)
                        .containsExactlyInAnyOrderElementsOf(was.stream().filter(a -> !is.contains(a)).toList());
                assertThat(before != null && was.equals(is) && before.getComplete() == now.getComplete())
                        .as("%s repeats the previous event of its key unchanged", where).isFalse();
                checked++;
            }
            previous.put(record.key(), now);
        }
        assertThat(checked).as("association events checked").isPositive();
    }

    /** What must be in the table (or the DLQ) per key after the events, computed from the events alone. */
    private static Map<String, Expected> expectations(List<CrmObjectChangeEvent> events) {
        Map<String, Boolean> lastIsTombstone = new LinkedHashMap<>();
        for (CrmObjectChangeEvent event : events) {
            String type = event.getObjectType();
            String id = event.getObjectId();
            long portal = event.getPortalId();
            switch (event.getChangeType()) {
                case DELETED -> PAIRS.get(type).forEach(to -> lastIsTombstone.put(key(portal, type, id, to), true));
                case MERGED -> {
                    PAIRS.get(type).forEach(to -> lastIsTombstone.put(key(portal, type, id, to), false));
                    event.getMergedObjectIds().forEach(gone -> PAIRS.get(type).forEach(to -> lastIsTombstone.put(key(portal, type, gone, to), true)));
                }
                case ASSOCIATION_CHANGED -> {
                    String other = event.getToObjectType();
                    if (PAIRS.get(type).contains(other)) {
                        lastIsTombstone.put(key(portal, type, id, other), false);
                    }
                    if (PAIRS.containsKey(other) && PAIRS.get(other).contains(type)) {
                        lastIsTombstone.put(key(portal, other, event.getToObjectId(), type), false);
                    }
                }
                default -> PAIRS.get(type).forEach(to -> lastIsTombstone.put(key(portal, type, id, to), false));
            }
        }
        Map<String, Expected> expected = new HashMap<>();
        lastIsTombstone.forEach((key, tombstone) -> {
            String[] parts = key.split(":");
            long portal = Long.parseLong(parts[0]);
            if (tombstone) {
                expected.put(key, new Expected(true, null, null, true));
            } else if (portal == UNCONFIGURED_PORTAL) {
                expected.put(key, new Expected(false, DeadLetterReason.UNKNOWN_PORTAL, null, false));
            } else if (parts[1].equals("tickets") || parts[3].equals("tickets")) {
                expected.put(key, new Expected(false, DeadLetterReason.MISSING_SCOPES, null, false));
            } else if (OMITTED_IDS.contains(parts[2])) {
                expected.put(key, new Expected(false, DeadLetterReason.UNACCOUNTED, null, false));
            } else if (FAILING_IDS.contains(parts[2])) {
                expected.put(key, new Expected(false, DeadLetterReason.OBJECT_ERROR, null, false));
            } else {
                List<TrueAssociation> truth = AssociationTruth.associations(portal, parts[1], parts[2], parts[3]);
                List<String> firstHundred = truth.stream().limit(100).map(TrueAssociation::toObjectId).toList();
                expected.put(key, new Expected(false, null, firstHundred, truth.size() <= 100));
            }
        });
        return expected;
    }

    private record Expected(boolean tombstone, DeadLetterReason reason, List<String> truth, boolean complete) {
    }

    private static boolean outputsSatisfied(Map<String, Expected> expected, Map<String, AssociationEvent> table) {
        List<String> missing = expected.entrySet().stream().filter(e -> !satisfied(e.getValue(), table, e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue() + " got " + table.get(e.getKey())).limit(5).toList();
        if (!missing.isEmpty()) {
            lastMismatch = missing;
        }
        return missing.isEmpty();
    }

    static volatile List<String> lastMismatch = List.of();

    private static boolean satisfied(Expected want, Map<String, AssociationEvent> table, String key) {
        if (want.tombstone) {
            return table.containsKey(key) && table.get(key) == null;
        }
        if (want.reason != null) {
            return true;
        }
        AssociationEvent got = table.get(key);
        return got != null && ids(got).equals(want.truth);
    }

    private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
        Map<String, V> table = new HashMap<>();
        records.forEach(r -> table.put(r.key(), r.value()));
        return table;
    }

    private static List<String> ids(AssociationEvent event) {
        return event.getAssociations().stream().map(Association::getToObjectId).toList();
    }

    private static String key(long portal, String type, String id, String to) {
        return portal + ":" + type + ":" + id + ":" + to;
    }

    /** Random changes of ~250 ids per type over three portals, with association changes, deletions and merges. */
    private static List<CrmObjectChangeEvent> workload(int count, Random random) {
        List<String> types = List.of("contacts", "companies", "deals", "tickets");
        long[] portals = {PORTAL_A, PORTAL_A, PORTAL_B, UNCONFIGURED_PORTAL};
        List<CrmObjectChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long portal = portals[random.nextInt(portals.length)];
            String type = types.get(random.nextInt(types.size()));
            String id = objectId(random);
            int roll = random.nextInt(100);
            ChangeType change = roll < 45 ? ChangeType.UPDATED : roll < 70 ? ChangeType.CREATED : roll < 85
                    ? ChangeType.ASSOCIATION_CHANGED : roll < 90 ? ChangeType.RESTORED : roll < 96 ? ChangeType.DELETED : ChangeType.MERGED;
            CrmObjectChangeEvent event = event(portal, type, id, change, i);
            if (change == ChangeType.ASSOCIATION_CHANGED) {
                List<String> others = PAIRS.get(type);
                event.setToObjectType(others.get(random.nextInt(others.size())));
                event.setToObjectId(objectId(random));
                event.setAssociationRemoved(random.nextBoolean());
            }
            if (change == ChangeType.MERGED) {
                String gone = objectId(random);
                event.setMergedObjectIds(gone.equals(id) ? List.of() : List.of(gone));
            }
            events.add(event);
        }
        return events;
    }

    private static String objectId(Random random) {
        int n = random.nextInt(250);
        return n == 0 ? "4999" : String.valueOf(1000 + n * 7);
    }

    private static CrmObjectChangeEvent event(long portal, String type, String id, ChangeType change, int seq) {
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e" + seq)
                .setPortalId(portal)
                .setObjectType(type)
                .setObjectId(id)
                .setChangeType(change)
                .setOccurredAt(Instant.ofEpochMilli(START + seq))
                .build();
    }
}
