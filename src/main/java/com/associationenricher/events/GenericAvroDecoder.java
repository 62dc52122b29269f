package com.associationenricher.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Confluent wire-format bytes of any topic with the writer's own schema, without generated classes, and
 * renders them as plain JSON for people: unions unwrapped to their value, bytes as base64, timestamps as ISO-8601,
 * dates as ISO dates, decimals as numbers. What the operator commands ({@code tail}, {@code dlq}) print.
 */
public final class GenericAvroDecoder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final Map<Integer, GenericDatumReader<Object>> readersBySchemaId = new ConcurrentHashMap<>();

    public GenericAvroDecoder(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** The record in {@code data}, with the writer's schema; null for a tombstone (null or empty bytes). */
    public GenericRecord decode(String topic, byte[] data) {
        Object datum = decodeDatum(topic, data);
        if (datum == null || datum instanceof GenericRecord) {
            return (GenericRecord) datum;
        }
        throw new WireFormatException("record on topic '" + topic + "' with schema id " + schemaIdOf(topic, data)
                + " is an Avro " + datum.getClass().getSimpleName() + ", not a record", topic, schemaIdOf(topic, data), null);
    }

    /** {@code data} decoded and rendered as one line of plain JSON; {@code null} for a tombstone. */
    public String toJson(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return "null";
        }
        Schema schema = registry.schemaById(schemaIdOf(topic, data));
        return json(schema, decodeDatum(topic, data)).toString();
    }

    /** A decoded record rendered as one line of plain JSON. */
    public static String toJson(GenericRecord record) {
        return record == null ? "null" : json(record.getSchema(), record).toString();
    }

    /** The schema id in the frame of non-empty {@code data}. */
    public static int schemaIdOf(String topic, byte[] data) {
        return WireFormat.read(topic, data).schemaId();
    }

    private Object decodeDatum(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        WireFormat.Frame frame = WireFormat.read(topic, data);
        GenericDatumReader<Object> reader = readerFor(topic, frame.schemaId());
        try {
            return reader.read(null, DecoderFactory.get()
                    .binaryDecoder(frame.bytes(), frame.payloadOffset(), frame.payloadLength(), null));
        } catch (EOFException e) {
            throw new WireFormatException("record on topic '" + topic + "' with schema id " + frame.schemaId()
                    + " is truncated: the Avro payload ends before the record does", topic, frame.schemaId(), e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("record on topic '" + topic + "' with schema id " + frame.schemaId()
                    + " is corrupt: " + e, topic, frame.schemaId(), e);
        }
    }

    private GenericDatumReader<Object> readerFor(String topic, int schemaId) {
        GenericDatumReader<Object> cached = readersBySchemaId.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema schema;
        try {
            schema = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            throw new WireFormatException("record on topic '" + topic + "' names an unknown schema id " + schemaId
                    + ": " + e.getMessage(), topic, schemaId, e);
        }
        GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);
        readersBySchemaId.putIfAbsent(schemaId, reader);
        return reader;
    }

    private static JsonNode json(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case UNION:
                return json(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
            case RECORD: {
                GenericRecord record = (GenericRecord) value;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    node.set(field.name(), json(field.schema(), record.get(field.pos())));
                }
                return node;
            }
            case MAP: {
                ObjectNode node = NODES.objectNode();
                ((Map<?, ?>) value).forEach((key, item) -> node.set(key.toString(), json(schema.getValueType(), item)));
                return node;
            }
            case ARRAY: {
                ArrayNode node = NODES.arrayNode();
                ((Collection<?>) value).forEach(item -> node.add(json(schema.getElementType(), item)));
                return node;
            }
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                if (logical instanceof LogicalTypes.Decimal) {
                    return NODES.numberNode(new Conversions.DecimalConversion().fromBytes(buffer, schema, logical));
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal) {
                    return NODES.numberNode(new Conversions.DecimalConversion().fromFixed((GenericFixed) value, schema, logical));
                }
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
                }
                return NODES.numberNode((Integer) value);
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return NODES.textNode(Instant.ofEpochMilli((Long) value).toString());
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return NODES.textNode(Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS).toString());
                }
                return NODES.numberNode((Long) value);
            case FLOAT: {
                float number = (Float) value;
                return Float.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Float.toString(number));
            }
            case DOUBLE: {
                double number = (Double) value;
                return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Double.toString(number));
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case NULL:
                return NODES.nullNode();
            default:
                return NODES.textNode(value.toString());
        }
    }
}
