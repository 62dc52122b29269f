package com.associationenricher.dlq;

import com.associationenricher.events.avro.AssociationDeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers every dead letter carries, so operators and tools can filter a dead-letter topic without decoding Avro.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String CATEGORY = "dlq.category";
    public static final String PORTAL = "dlq.portal";
    public static final String FROM_TYPE = "dlq.from-type";
    public static final String TO_TYPE = "dlq.to-type";

    private DeadLetterHeaders() {
    }

    public static Headers of(AssociationDeadLetter deadLetter) {
        Headers headers = new RecordHeaders();
        add(headers, REASON, deadLetter.getReason().name());
        add(headers, CATEGORY, deadLetter.getCategory());
        add(headers, PORTAL, deadLetter.getPortalId() == null ? null : deadLetter.getPortalId().toString());
        add(headers, FROM_TYPE, deadLetter.getFromObjectType());
        add(headers, TO_TYPE, deadLetter.getToObjectType());
        return headers;
    }

    public static String read(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
