package com.associationenricher.tools.demo;

import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.AssociationEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the output and dead-letter topics as a downstream consumer would (read_committed), keeping the latest value
 * per key, the keys that have dead letters, and the first few raw records of each topic to show them decoded.
 */
public final class TopicWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String output;
    private final String deadLetters;
    private final Deserializer<AssociationEvent> associations;
    private final Deserializer<AssociationDeadLetter> letters;
    private final boolean decodeValues;
    private final Map<String, AssociationEvent> table = new ConcurrentHashMap<>();
    /** Keys whose latest output record is an association event (the table's keys, also when values are not decoded). */
    private final Set<String> associated = ConcurrentHashMap.newKeySet();
    /** Keys with at least one dead letter. */
    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
    private final Set<String> tombstoned = ConcurrentHashMap.newKeySet();
    private final Map<String, AssociationDeadLetter> deadLettersByKey = new ConcurrentHashMap<>();
    private final Map<String, List<ConsumerRecord<String, byte[]>>> samples = new ConcurrentHashMap<>();
    private final AtomicLong associationRecords = new AtomicLong();
    private final AtomicLong associationsAdded = new AtomicLong();
    private final AtomicLong associationsRemoved = new AtomicLong();
    private final List<Long> delaysMs = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong tombstoneRecords = new AtomicLong();
    private final AtomicLong deadLetterRecords = new AtomicLong();

    public TopicWatcher(String bootstrap, String output, String deadLetters,
                 Deserializer<AssociationEvent> associations, Deserializer<AssociationDeadLetter> letters) {
        this(bootstrap, output, deadLetters, associations, letters, true);
    }

    /**
     * @param decodeValues false: only which keys hold an association event, a tombstone or a dead letter is kept (no
     *                     table, samples of values, counts of added/removed or delays), so that a benchmark's harness
     *                     does not spend the contender's CPU decoding every value, as the passthrough reference's
     *                     reader does not either
     */
    public TopicWatcher(String bootstrap, String output, String deadLetters,
                 Deserializer<AssociationEvent> associations, Deserializer<AssociationDeadLetter> letters,
                 boolean decodeValues) {
        this.decodeValues = decodeValues;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.output = output;
        this.deadLetters = deadLetters;
        this.associations = associations;
        this.letters = letters;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(output, deadLetters)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has arrived and returns the keys of the records read; call from one thread only. */
    public List<String> poll(Duration timeout) {
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            keys.add(record.key());
            keepSample(record);
            if (record.topic().equals(output)) {
                if (record.value() == null) {
                    tombstoneRecords.incrementAndGet();
                    table.remove(record.key());
                    associated.remove(record.key());
                    tombstoned.add(record.key());
                } else {
                    associationRecords.incrementAndGet();
                    associated.add(record.key());
                    tombstoned.remove(record.key());
                    if (decodeValues) {
                        read(record);
                    }
                }
            } else if (record.topic().equals(deadLetters)) {
                deadLetterRecords.incrementAndGet();
                deadLettered.add(record.key());
                if (decodeValues) {
                    deadLettersByKey.put(record.key(), letters.deserialize(record.topic(), record.value()));
                }
            }
        }
        return keys;
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        AssociationEvent event = associations.deserialize(record.topic(), record.value());
        table.put(record.key(), event);
        if (event.getAssociations().stream().anyMatch(a -> a.getLabel() != null)) {
            // A labelled association (e.g. the primary company) is worth showing on its own.
            List<ConsumerRecord<String, byte[]>> labelled = samples.computeIfAbsent(output + "/value-labelled", k -> new ArrayList<>());
            if (labelled.isEmpty()) {
                labelled.add(record);
            }
        }
        associationsAdded.addAndGet(event.getAdded().size());
        associationsRemoved.addAndGet(event.getRemoved().size());
        if (event.getChangeOccurredAt() != null) {
            delaysMs.add(record.timestamp() - event.getChangeOccurredAt().toEpochMilli());
        }
    }

    /** Keeps a few records of each kind (association, tombstone, each dead-letter reason) to show them decoded. */
    private void keepSample(ConsumerRecord<String, byte[]> record) {
        String kind = record.topic() + (record.value() == null ? "/tombstone"
                : record.topic().equals(deadLetters) ? "/" + new String(record.headers().lastHeader("dlq.reason") == null
                        ? new byte[0] : record.headers().lastHeader("dlq.reason").value()) : "/value");
        List<ConsumerRecord<String, byte[]>> sample = samples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (sample.size() < 2) {
            sample.add(record);
        }
    }

    /** Keys of {@code expected} not settled yet: a tombstone when one is expected, else an association event or a dead letter. */
    public List<String> unsettled(Map<String, Boolean> expected) {
        List<String> open = new ArrayList<>();
        expected.forEach((key, tombstone) -> {
            if (!settled(key, tombstone)) {
                open.add(key);
            }
        });
        return open;
    }

    /** Whether {@code key} is settled: a tombstone when one is expected, else an association event or a dead letter. */
    public boolean settled(String key, boolean tombstone) {
        return tombstone ? tombstoned.contains(key) : associated.contains(key) || deadLettered.contains(key);
    }

    Map<String, AssociationEvent> table() {
        return new HashMap<>(table);
    }

    Map<String, AssociationDeadLetter> deadLetters() {
        return new HashMap<>(deadLettersByKey);
    }

    Set<String> tombstoned() {
        return new HashSet<>(tombstoned);
    }

    /** The kept records of one topic, grouped by kind. */
    List<ConsumerRecord<String, byte[]>> samples(String topic) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(topic + "/"))
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Per association event: its record time minus the occurredAt of the oldest change that caused it. */
    public List<Long> delaysMs() {
        synchronized (delaysMs) {
            return new ArrayList<>(delaysMs);
        }
    }

    public long associationRecords() {
        return associationRecords.get();
    }

    /** Associations listed in the added (and removed) fields of every association event read. */
    public long associationsAdded() {
        return associationsAdded.get();
    }

    public long associationsRemoved() {
        return associationsRemoved.get();
    }

    public long tombstoneRecords() {
        return tombstoneRecords.get();
    }

    public long deadLetterRecords() {
        return deadLetterRecords.get();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
