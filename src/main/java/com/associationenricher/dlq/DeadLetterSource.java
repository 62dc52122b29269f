package com.associationenricher.dlq;

import com.associationenricher.events.ConfluentAvroDeserializer;
import com.associationenricher.events.SchemaRegistry;
import com.associationenricher.events.WireFormatException;
import com.associationenricher.events.avro.AssociationDeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The dead-letter topic as decoded dead letters: reads a bounded snapshot ({@link TopicSnapshotReader}), decodes each
 * record and hands the ones matching a filter to a listener. A record that is not a readable dead letter is reported
 * and skipped, never the end of the read; an unreachable registry still fails the read (it is not the record's fault).
 */
public final class DeadLetterSource {

    /** Receives the matching dead letters in read order. */
    public interface Listener {
        /** @return false to stop reading */
        boolean matched(DeadLetterRecord record);

        default void unreadable(UnreadableRecord record) {
        }
    }

    /** What a read went through: records read, dead letters matched, records skipped as unreadable. */
    public record Counts(long read, long matched, long unreadable) {
    }

    private final ToolClients clients;
    private final String topic;
    private final ConfluentAvroDeserializer<AssociationDeadLetter> deserializer;

    public DeadLetterSource(ToolClients clients, SchemaRegistry registry, String topic) {
        this.clients = clients;
        this.topic = topic;
        this.deserializer = new ConfluentAvroDeserializer<>(registry, AssociationDeadLetter.class);
    }

    public String topic() {
        return topic;
    }

    public Counts read(DeadLetterFilter filter, Listener listener) {
        long[] matched = {0};
        long[] unreadable = {0};
        long read;
        try (TopicSnapshotReader reader = new TopicSnapshotReader(clients, topic)) {
            read = reader.read(filter.since().orElse(null), record -> {
                AssociationDeadLetter deadLetter;
                try {
                    deadLetter = deserializer.deserialize(topic, record.value());
                } catch (WireFormatException e) {
                    unreadable[0]++;
                    listener.unreadable(new UnreadableRecord(topic, record.partition(), record.offset(), e.getMessage()));
                    return true;
                }
                if (deadLetter == null) {
                    unreadable[0]++;
                    listener.unreadable(new UnreadableRecord(topic, record.partition(), record.offset(), "no value (tombstone)"));
                    return true;
                }
                DeadLetterRecord decoded = new DeadLetterRecord(topic, record.partition(), record.offset(),
                        Instant.ofEpochMilli(record.timestamp()),
                        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                        deadLetter, record.value());
                if (!filter.matches(decoded)) {
                    return true;
                }
                matched[0]++;
                boolean more = listener.matched(decoded);
                return more && (filter.limit().isEmpty() || matched[0] < filter.limit().getAsInt());
            });
        }
        return new Counts(read, matched[0], unreadable[0]);
    }
}
