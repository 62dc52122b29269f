package com.associationenricher.events;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes into a generated Avro class. The writer schema comes from the registry by the
 * id in the frame and is resolved against the generated (reader) schema, so records written with an older or newer
 * compatible version decode. Null or empty bytes are a tombstone: null. Bytes that cannot be a record of this type
 * throw {@link WireFormatException}; a registry that cannot be reached throws {@link SchemaRegistryException}, so
 * callers can tell a poison record from an outage.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final Class<T> type;
    private final SpecificData model;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer(SchemaRegistry registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        WireFormat.Frame frame = WireFormat.read(topic, data);
        SpecificDatumReader<T> reader = readerFor(topic, frame.schemaId());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(frame.bytes(), frame.payloadOffset(), frame.payloadLength(), null);
        try {
            return reader.read(null, decoder);
        } catch (EOFException e) {
            throw new WireFormatException(context(topic, frame.schemaId()) + " is truncated: the Avro payload ("
                    + frame.payloadLength() + " bytes) ends before the record does", topic, frame.schemaId(), e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(context(topic, frame.schemaId()) + " is corrupt: " + e, topic, frame.schemaId(), e);
        }
    }

    private SpecificDatumReader<T> readerFor(String topic, int schemaId) {
        SpecificDatumReader<T> cached = readersBySchemaId.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            throw new WireFormatException(context(topic, schemaId) + " names an unknown schema id: " + e.getMessage(), topic, schemaId, e);
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema).getResult();
        if (compatibility.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException(context(topic, schemaId) + " was written with schema " + writerSchema.getFullName()
                    + " that " + readerSchema.getFullName() + " cannot read: " + describe(compatibility), topic, schemaId, null);
        }
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
        readersBySchemaId.putIfAbsent(schemaId, reader);
        return reader;
    }

    private String context(String topic, int schemaId) {
        return "record on topic '" + topic + "' with schema id " + schemaId + " (read as " + type.getSimpleName() + ")";
    }

    static String describe(SchemaCompatibility.SchemaCompatibilityResult result) {
        StringBuilder text = new StringBuilder();
        for (SchemaCompatibility.Incompatibility incompatibility : result.getIncompatibilities()) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(incompatibility.getType()).append(" at ").append(incompatibility.getLocation())
                    .append(": ").append(incompatibility.getMessage());
        }
        return text.toString();
    }
}
