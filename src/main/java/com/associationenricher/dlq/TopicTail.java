package com.associationenricher.dlq;

import com.associationenricher.events.GenericAvroDecoder;
import com.associationenricher.events.WireFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;

/**
 * Prints any topic as JSON lines, like the Avro console consumer: Confluent wire-format Avro is decoded with the
 * writer's schema from the registry, a tombstone is {@code null}, a value that is JSON text (webhook-format input) is
 * shown as that JSON. Anything else is reported as a problem with its partition and offset, and skipped. Reads with
 * its own group-less consumer from the end (or the beginning) until it has printed {@code max} records or no record
 * came for the idle timeout.
 */
public final class TopicTail {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final ToolClients clients;
    private final GenericAvroDecoder decoder;

    public TopicTail(ToolClients clients, GenericAvroDecoder decoder) {
        this.clients = clients;
        this.decoder = decoder;
    }

    /**
     * @param max   stop after this many printed records; {@code Long.MAX_VALUE} for no limit
     * @param idle  stop after this long without a record
     * @return how many records were printed
     */
    public long tail(String topic, boolean fromBeginning, long max, Duration idle, Consumer<String> lines,
                     Consumer<String> problems) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve the positions now: records produced from here on are the ones a tail must show.
            partitions.forEach(partition -> consumer.position(partition, clients.reachTimeout()));
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (printed < max && System.nanoTime() - lastRecord < idle.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    lastRecord = System.nanoTime();
                    if (printed >= max) {
                        break;
                    }
                    try {
                        lines.accept(json(topic, record));
                        printed++;
                    } catch (WireFormatException e) {
                        problems.accept("skipped partition " + record.partition() + " offset " + record.offset() + ": " + e.getMessage());
                    }
                }
            }
            return printed;
        } catch (TimeoutException e) {
            throw clients.unreachable(e);
        }
    }

    /** One record as a JSON line; throws {@link WireFormatException} for a value that is neither Avro nor JSON. */
    String json(String topic, ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        ObjectNode headers = line.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        line.set("value", value(topic, record.value()));
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render record " + record.partition() + "/" + record.offset(), e);
        }
    }

    private JsonNode value(String topic, byte[] value) {
        try {
            return JSON.readTree(decoder.toJson(topic, value));
        } catch (WireFormatException e) {
            JsonNode text = jsonText(value);
            if (text == null) {
                throw e;
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Avro decoder rendered invalid JSON", e);
        }
    }

    private static JsonNode jsonText(byte[] value) {
        if (value.length == 0 || (value[0] != '{' && value[0] != '[')) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, clients.reachTimeout());
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist at " + clients.bootstrapServers());
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
