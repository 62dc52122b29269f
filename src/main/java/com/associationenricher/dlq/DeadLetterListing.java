package com.associationenricher.dlq;

import com.associationenricher.events.GenericAvroDecoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * How {@code dlq list} shows dead letters: a fixed-width table for reading, or one JSON object per line for jq and
 * scripts. The JSON is the dead letter as its writer's schema has it (readable: enums as names, times as ISO-8601,
 * bytes as base64), preceded by where it sits in the dead-letter topic: partition, offset, timestamp, key.
 */
public final class DeadLetterListing {

    /** The two output forms. */
    public enum Format { TABLE, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "%-10s  %-20s  %-17s  %-16s  %-10s  %-22s  %-12s  %s";
    private static final int DETAIL_WIDTH = 80;

    private final GenericAvroDecoder decoder;

    public DeadLetterListing(GenericAvroDecoder decoder) {
        this.decoder = decoder;
    }

    public static String tableHeader() {
        return String.format(ROW, "DLQ P/OFF", "TIME", "REASON", "CATEGORY", "PORTAL", "FROM->TO", "OBJECT", "DETAIL");
    }

    public static String tableRow(DeadLetterRecord record) {
        var deadLetter = record.deadLetter();
        return String.format(ROW, record.coordinates(), DeadLetterStats.time(record.timestamp()),
                deadLetter.getReason(), orDash(deadLetter.getCategory()), orDash(deadLetter.getPortalId()),
                record.typePair(), object(record), detail(record));
    }

    public String json(DeadLetterRecord record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp().toString());
        line.put("key", record.key());
        try {
            line.setAll((ObjectNode) JSON.readTree(decoder.toJson(record.topic(), record.value())));
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render dead letter " + record.coordinates() + " as JSON", e);
        }
    }

    private static String object(DeadLetterRecord record) {
        var deadLetter = record.deadLetter();
        if (deadLetter.getObjectId() != null) {
            return deadLetter.getObjectId();
        }
        return deadLetter.getSourcePartition() == null ? "-"
                : "input " + deadLetter.getSourcePartition() + "/" + deadLetter.getSourceOffset();
    }

    private static String detail(DeadLetterRecord record) {
        var deadLetter = record.deadLetter();
        String text = deadLetter.getMissingScopes().isEmpty() ? orDash(deadLetter.getMessage())
                : "missing scopes " + String.join(",", deadLetter.getMissingScopes());
        text = text.replaceAll("\\s+", " ");
        return text.length() <= DETAIL_WIDTH ? text : text.substring(0, DETAIL_WIDTH - 3) + "...";
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
