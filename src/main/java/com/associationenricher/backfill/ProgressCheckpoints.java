package com.associationenricher.backfill;

import com.associationenricher.dlq.ToolClients;
import com.associationenricher.dlq.TopicSnapshotReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The cursor of every listing in progress, in the compacted topic {@code <topics.output>.backfill-progress}: key
 * {@link SweepTarget#checkpointKey()}, value {@code after:<cursor>} once a page's events are acknowledged, or
 * {@code done} when the listing reached its end. When a whole run completes its checkpoints are tombstoned, so the
 * next run starts over; a killed run leaves them, and the next run resumes each listing after its last page.
 */
final class ProgressCheckpoints {

    private static final String AFTER = "after:";
    private static final String DONE = "done";

    /** Where a listing stands: not started, resumed after a cursor, or already complete. */
    record Position(String after, boolean done) {
        static final Position START = new Position(null, false);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final long ackTimeoutMs;
    private final Map<String, String> saved;

    private ProgressCheckpoints(KafkaProducer<byte[], byte[]> producer, String topic, long ackTimeoutMs, Map<String, String> saved) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeoutMs = ackTimeoutMs;
        this.saved = saved;
    }

    static String topicFor(String outputTopic) {
        return outputTopic + ".backfill-progress";
    }

    /** Reads the checkpoints of earlier, unfinished runs. */
    static ProgressCheckpoints load(ToolClients clients, KafkaProducer<byte[], byte[]> producer, String topic) {
        Map<String, String> saved = new HashMap<>();
        try (TopicSnapshotReader reader = new TopicSnapshotReader(clients, topic)) {
            reader.read(null, record -> {
                if (record.key() != null) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        saved.remove(key);
                    } else {
                        saved.put(key, new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
                return true;
            });
        }
        return new ProgressCheckpoints(producer, topic, clients.reachTimeout().toMillis(), saved);
    }

    /** For a topic created just now: nothing to read, and its metadata may not have reached every broker yet. */
    static ProgressCheckpoints empty(ToolClients clients, KafkaProducer<byte[], byte[]> producer, String topic) {
        return new ProgressCheckpoints(producer, topic, clients.reachTimeout().toMillis(), new HashMap<>());
    }

    Position position(SweepTarget target) {
        String value = saved.get(target.checkpointKey());
        if (value == null) {
            return Position.START;
        }
        if (value.equals(DONE)) {
            return new Position(null, true);
        }
        return value.startsWith(AFTER) ? new Position(value.substring(AFTER.length()), false) : Position.START;
    }

    /** Every saved key of a run, e.g. to forget them all with {@code --restart}. */
    Map<String, String> savedOf(String run) {
        Map<String, String> of = new HashMap<>();
        saved.forEach((key, value) -> {
            if (key.startsWith(run + ":")) {
                of.put(key, value);
            }
        });
        return of;
    }

    void saveAfter(SweepTarget target, String after) {
        write(target.checkpointKey(), AFTER + after);
    }

    void saveDone(SweepTarget target) {
        write(target.checkpointKey(), DONE);
    }

    /** Forgets every checkpoint of {@code run}: its next run starts from the first page. */
    void clear(String run) {
        for (String key : savedOf(run).keySet()) {
            write(key, null);
        }
    }

    Optional<String> describe(SweepTarget target) {
        return Optional.ofNullable(saved.get(target.checkpointKey()));
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the checkpoint of " + key + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the checkpoint of " + key + " within " + ackTimeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a checkpoint", e);
        }
        if (value == null) {
            saved.remove(key);
        } else {
            saved.put(key, value);
        }
    }
}
