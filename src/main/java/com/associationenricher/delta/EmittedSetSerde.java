package com.associationenricher.delta;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the last event of a key is kept in its {@code last-emitted} entry ({@link LastEmittedSerde}), built to be small
 * because there is one entry per output key:
 * a format byte, a flags byte (complete), a table of the distinct type, category and label texts, then per association
 * a byte saying which fields it has, its id (a varint when it is a plain decimal number, as HubSpot ids are), its
 * type id and varint indexes into the table. A v3 association with a 10-digit id takes 7 bytes. Bytes it cannot read are treated as no previous event
 * (logged): the next event of that key then lists everything as added, which is redundant but loses nothing.
 */
final class EmittedSetSerde {
    private static final Logger LOG = LoggerFactory.getLogger(EmittedSetSerde.class);
    static final byte FORMAT = 1;
    private static final int COMPLETE = 1;
    private static final int NUMERIC_ID = 1;
    private static final int TYPE_ID = 2;
    private static final int TYPE = 4;
    private static final int CATEGORY = 8;
    private static final int LABEL = 16;
    private static final Pattern CANONICAL_LONG = Pattern.compile("0|[1-9][0-9]{0,17}");

    private EmittedSetSerde() {
    }

    static byte[] write(EmittedSet set) {
        Map<String, Integer> texts = new LinkedHashMap<>();
        for (EmittedAssociation a : set.associations()) {
            for (String text : new String[] {a.associationType(), a.category(), a.label()}) {
                if (text != null) {
                    texts.putIfAbsent(text, texts.size());
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 8 * set.associations().size());
        out.write(FORMAT);
        out.write(set.complete() ? COMPLETE : 0);
        writeVarLong(out, texts.size());
        texts.keySet().forEach(text -> writeText(out, text));
        writeVarLong(out, set.associations().size());
        for (EmittedAssociation a : set.associations()) {
            boolean numeric = CANONICAL_LONG.matcher(a.toObjectId()).matches();
            out.write((numeric ? NUMERIC_ID : 0) | (a.typeId() != null ? TYPE_ID : 0) | (a.associationType() != null ? TYPE : 0)
                    | (a.category() != null ? CATEGORY : 0) | (a.label() != null ? LABEL : 0));
            if (numeric) {
                writeVarLong(out, Long.parseLong(a.toObjectId()));
            } else {
                writeText(out, a.toObjectId());
            }
            if (a.typeId() != null) {
                writeVarLong(out, zigZag(a.typeId()));
            }
            for (String text : new String[] {a.associationType(), a.category(), a.label()}) {
                if (text != null) {
                    writeVarLong(out, texts.get(text));
                }
            }
        }
        return out.toByteArray();
    }

    static EmittedSet readOrNull(byte[] bytes) {
        try {
            return read(ByteBuffer.wrap(bytes));
        } catch (IllegalArgumentException | BufferUnderflowException | IndexOutOfBoundsException e) {
            LOG.warn("Unreadable last-emitted entry ({} bytes): the next event of its key lists every association as added",
                    bytes.length);
            return null;
        }
    }

    private static EmittedSet read(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown last-emitted format " + format);
        }
        boolean complete = (in.get() & COMPLETE) != 0;
        int textCount = count(in);
        List<String> texts = new ArrayList<>(textCount);
        for (int i = 0; i < textCount; i++) {
            texts.add(readText(in));
        }
        int size = count(in);
        List<EmittedAssociation> associations = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int present = in.get();
            String id = (present & NUMERIC_ID) != 0 ? Long.toString(readVarLong(in)) : readText(in);
            Integer typeId = (present & TYPE_ID) != 0 ? unZigZag(readVarLong(in)) : null;
            String associationType = (present & TYPE) != 0 ? text(texts, in) : null;
            String category = (present & CATEGORY) != 0 ? text(texts, in) : null;
            String label = (present & LABEL) != 0 ? text(texts, in) : null;
            associations.add(new EmittedAssociation(id, associationType, typeId, category, label));
        }
        return new EmittedSet(associations, complete);
    }

    private static String text(List<String> texts, ByteBuffer in) {
        return texts.get(Math.toIntExact(readVarLong(in)));
    }

    private static int count(ByteBuffer in) {
        long count = readVarLong(in);
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("bad count " + count);
        }
        return (int) count;
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static String readText(ByteBuffer in) {
        byte[] utf8 = new byte[count(in)];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static long zigZag(int value) {
        return ((long) value << 1) ^ (value >> 31);
    }

    private static int unZigZag(long value) {
        return (int) ((value >>> 1) ^ -(value & 1));
    }
}
