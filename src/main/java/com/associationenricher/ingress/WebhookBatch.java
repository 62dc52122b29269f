package com.associationenricher.ingress;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.WebhookJsonDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;

/**
 * Reads one HubSpot webhook request body (a JSON array of events, or one event object) into change events, all or
 * nothing: a batch with one invalid event is refused whole, so HubSpot's retry (or its dashboard) shows the problem
 * instead of part of the batch vanishing.
 */
public final class WebhookBatch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 160;

    private WebhookBatch() {
    }

    /** @throws MalformedWebhookException saying what is wrong, without quoting the body */
    public static List<CrmObjectChangeEvent> read(byte[] body, int maxEvents) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedWebhookException("body is not JSON");
        }
        if (root == null || !(root.isArray() || root.isObject())) {
            throw new MalformedWebhookException("body must be a JSON array of events or one event object");
        }
        if (root.size() > maxEvents && root.isArray()) {
            throw new MalformedWebhookException(root.size() + " events, more than the limit of " + maxEvents);
        }
        List<CrmObjectChangeEvent> events = new ArrayList<>();
        int index = 0;
        for (JsonNode element : root.isArray() ? root : List.of(root)) {
            try {
                events.add(WebhookJsonDecoder.toChangeEvent(element));
            } catch (IllegalArgumentException | AvroRuntimeException e) {
                // Avro refuses a missing required field (objectId, ...) while the event is built.
                throw new MalformedWebhookException("event " + index + ": " + shortened(e.getMessage()));
            }
            index++;
        }
        return events;
    }

    private static String shortened(String reason) {
        String text = String.valueOf(reason);
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}
