package com.associationenricher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.Association;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.tools.simulator.AssociationTruth;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The promise to downstream consumers, checked after every reliability scenario: each key the events asked for ends
 * as a tombstone (its last change is a deletion) or as its latest association event equal to the simulator's truth
 * (or a dead letter where the scenario expects one); nothing appears that was not asked for; no transient failure
 * became a dead letter. Reads with read_committed, as a downstream consumer does.
 */
final class AccountingInvariant {

    /** What a scenario observed. {@code duplicates}: association events beyond the first per key (later changes of the same object, not redeliveries). */
    record Figures(int events, int keys, int tombstones, int associationRecords, int deadLetters, int duplicates) {
        @Override
        public String toString() {
            return String.format("%d events, %d keys (%d tombstones), %d association records, %d dead letters, %d later updates of a key",
                    events, keys, tombstones, associationRecords, deadLetters, duplicates);
        }
    }

    private AccountingInvariant() {
    }

    /** Waits (bounded) until the output settles, then asserts the invariant; a key in {@code deadLettered} must be a dead letter. */
    static Figures check(List<CrmObjectChangeEvent> events, AssociationPairs pairs, String output, String deadLetters,
                         Deserializer<AssociationEvent> associations, Deserializer<AssociationDeadLetter> letters,
                         Map<String, DeadLetterReason> deadLettered, Duration timeout) {
        return check(KafkaBroker.bootstrapServers(), events, pairs, output, deadLetters, associations, letters, deadLettered, timeout);
    }

    /** As above, against a broker other than the shared one. */
    static Figures check(String bootstrapServers, List<CrmObjectChangeEvent> events, AssociationPairs pairs, String output,
                         String deadLetters, Deserializer<AssociationEvent> associations, Deserializer<AssociationDeadLetter> letters,
                         Map<String, DeadLetterReason> deadLettered, Duration timeout) {
        Map<String, Boolean> expected = ExpectedKeys.of(events, pairs);
        List<ConsumerRecord<String, AssociationEvent>> out = Topics.consumeUntil(bootstrapServers, output, new StringDeserializer(), associations,
                read -> settled(expected, deadLettered, latest(read)), timeout);
        List<ConsumerRecord<String, AssociationDeadLetter>> dlq = deadLettered.isEmpty() ? List.of()
                : Topics.consumeUntil(bootstrapServers, deadLetters, new StringDeserializer(), letters,
                        read -> read.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(deadLettered.keySet()),
                        timeout);
        Map<String, AssociationEvent> table = latest(out);
        assertThat(table.keySet()).as("nothing appears that was not asked for").isSubsetOf(expected.keySet());
        expected.forEach((key, tombstone) -> {
            if (tombstone) {
                assertThat(table).as("tombstone of %s", key).containsEntry(key, null);
            } else if (deadLettered.containsKey(key)) {
                assertThat(dlq).as("dead letter of %s", key).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(key);
                    assertThat(r.value().getReason()).isEqualTo(deadLettered.get(key));
                });
            } else {
                String[] p = key.split(":");
                assertThat(ids(table.get(key))).as("associations of %s", key).isEqualTo(truth(Long.parseLong(p[0]), p[1], p[2], p[3]));
            }
        });
        List<ConsumerRecord<String, AssociationDeadLetter>> all = Topics.consumeUntil(bootstrapServers, deadLetters, new StringDeserializer(), letters,
                read -> true, Duration.ofSeconds(10));
        out.forEach(r -> Canary.assertNotIn("association event " + r.key(), r.value()));
        all.forEach(r -> Canary.assertNotIn("dead letter " + r.key(), r.value()));
        assertThat(all).as("no transient failure became a dead letter")
                .noneSatisfy(r -> assertThat(r.value().getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED));
        Map<String, Long> perKey = out.stream().filter(r -> r.value() != null)
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        int duplicates = (int) perKey.values().stream().mapToLong(n -> n - 1).sum();
        return new Figures(events.size(), expected.size(), (int) expected.values().stream().filter(t -> t).count(),
                (int) out.stream().filter(r -> r.value() != null).count(), all.size(), duplicates);
    }

    static List<String> truth(long portal, String from, String id, String to) {
        return AssociationTruth.associations(portal, from, id, to).stream().limit(100).map(TrueAssociation::toObjectId).toList();
    }

    private static boolean settled(Map<String, Boolean> expected, Map<String, DeadLetterReason> deadLettered,
                                   Map<String, AssociationEvent> table) {
        return expected.entrySet().stream().allMatch(e -> {
            if (e.getValue()) {
                return table.containsKey(e.getKey()) && table.get(e.getKey()) == null;
            }
            if (deadLettered.containsKey(e.getKey())) {
                return true;
            }
            AssociationEvent got = table.get(e.getKey());
            String[] p = e.getKey().split(":");
            return got != null && ids(got).equals(truth(Long.parseLong(p[0]), p[1], p[2], p[3]));
        });
    }

    private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
        Map<String, V> table = new HashMap<>();
        records.forEach(r -> table.put(r.key(), r.value()));
        return table;
    }

    private static List<String> ids(AssociationEvent event) {
        return event == null ? null : event.getAssociations().stream().map(Association::getToObjectId).toList();
    }

    static Set<String> keysOf(Map<String, Boolean> expected) {
        return expected.keySet();
    }
}
