package com.associationenricher.dlq;

import com.associationenricher.events.ChangeEventWriter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record a replay sends: a fresh change event for an object whose lookups failed, or the original bytes of an
 * input record that was rejected. Either way it carries headers naming the dead letter it came from, so the enricher's
 * logs and any consumer can tell a replay from a live change.
 */
public sealed interface ReplayItem {

    String REPLAY = "replay";
    String SOURCE_TOPIC = "replay.source-topic";
    String SOURCE_PARTITION = "replay.source-partition";
    String SOURCE_OFFSET = "replay.source-offset";

    /** The (first) dead letter this record replays. */
    DeadLetterRecord source();

    /** One line for a dry run. */
    String describe();

    /** The record to send to {@code topic}; change events are written with {@code changeEvents}. */
    ProducerRecord<byte[], byte[]> toRecord(String topic, ChangeEventWriter changeEvents);

    default Headers headers() {
        Headers headers = new RecordHeaders();
        headers.add(REPLAY, bytes("true"));
        headers.add(SOURCE_TOPIC, bytes(source().topic()));
        headers.add(SOURCE_PARTITION, bytes(Integer.toString(source().partition())));
        headers.add(SOURCE_OFFSET, bytes(Long.toString(source().offset())));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An UPDATED change event for an object; {@code deadLetters} of its lookups were merged into it. */
    record ChangeEvent(String key, CrmObjectChangeEvent event, DeadLetterRecord source, int deadLetters)
            implements ReplayItem {

        @Override
        public ProducerRecord<byte[], byte[]> toRecord(String topic, ChangeEventWriter changeEvents) {
            return changeEvents.record(topic, key, event, headers());
        }

        @Override
        public String describe() {
            return "change event key=" + key + " eventId=" + event.getEventId() + " (" + deadLetters
                    + (deadLetters == 1 ? " dead letter" : " dead letters") + ", first at dlq " + source.coordinates() + ")";
        }
    }

    /** The bytes of a rejected input record, as they were. */
    record RawInput(byte[] key, byte[] value, DeadLetterRecord source) implements ReplayItem {

        @Override
        public ProducerRecord<byte[], byte[]> toRecord(String topic, ChangeEventWriter changeEvents) {
            return new ProducerRecord<>(topic, null, key, value, headers());
        }

        @Override
        public String describe() {
            var deadLetter = source.deadLetter();
            return "original input of " + deadLetter.getSourceTopic() + " " + deadLetter.getSourcePartition() + "/"
                    + deadLetter.getSourceOffset() + " (" + value.length + " bytes, " + deadLetter.getReason()
                    + ", dlq " + source.coordinates() + ")";
        }
    }
}
