package com.associationenricher.pipeline;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.ObjectTypes;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.ops.EnricherMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code input.format=hubspot-webhook-json}: HubSpot's webhook payload exactly as HubSpot sends it, a JSON array of
 * events or a single event object, classic types ({@code contact.propertyChange}) and generic ones
 * ({@code object.creation} with the {@code objectTypeId} of any standard or custom type). Each element is decoded on
 * its own. An app subscribes to more types than the pairs look up (notes, calls...): an event none of whose types
 * is a configured {@code from} type is counted ({@code enricher.events.skipped{type}}) and skipped, not dead-lettered,
 * and so is an event of a {@code 0-<n>} type this version does not know yet.
 */
public final class WebhookJsonDecoder implements InputDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ChangeType> CHANGE_TYPES = Map.of(
            "creation", ChangeType.CREATED,
            "propertyChange", ChangeType.UPDATED,
            "deletion", ChangeType.DELETED,
            "privacyDeletion", ChangeType.DELETED,
            "restore", ChangeType.RESTORED,
            "merge", ChangeType.MERGED,
            "associationChange", ChangeType.ASSOCIATION_CHANGED);

    private final AssociationPairs pairs;
    private final EnricherMetrics metrics;

    /** Decodes every event, whatever its type. */
    public WebhookJsonDecoder() {
        this(null, null);
    }

    /** Decodes the events the pairs look up; counts and skips the others. */
    public WebhookJsonDecoder(AssociationPairs pairs, EnricherMetrics metrics) {
        this.pairs = pairs;
        this.metrics = metrics;
    }

    @Override
    public List<DecodedInput> decode(String topic, byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return List.of(DecodedInput.undecodable("not JSON: " + e.getOriginalMessage(), value));
        } catch (IOException e) {
            return List.of(DecodedInput.undecodable("not JSON: " + e.getMessage(), value));
        }
        if (root == null || !(root.isArray() || root.isObject())) {
            return List.of(DecodedInput.undecodable("a HubSpot webhook body is a JSON array or object", value));
        }
        List<DecodedInput> decoded = new ArrayList<>();
        for (JsonNode element : root.isArray() ? root : List.of(root)) {
            DecodedInput input = decodeEvent(element);
            if (input.isValid() && !lookedUp(input.event())) {
                metrics.eventSkipped(typeTag(input.event().getObjectType()));
                continue;
            }
            decoded.add(input);
        }
        return decoded;
    }

    private boolean lookedUp(CrmObjectChangeEvent event) {
        return pairs == null || pairs.fromTypes().contains(event.getObjectType())
                || (event.getToObjectType() != null && pairs.fromTypes().contains(event.getToObjectType()));
    }

    /** Bounded: a standard name, "custom" or "unknown", never a value taken from input as is. */
    private static String typeTag(String type) {
        if (ObjectTypes.isCustom(type)) {
            return "custom";
        }
        return ObjectTypes.isValid(type) ? type : "unknown";
    }

    private static DecodedInput decodeEvent(JsonNode node) {
        byte[] raw = node.toString().getBytes(StandardCharsets.UTF_8);
        try {
            return DecodedInput.valid(toChangeEvent(node));
        } catch (IllegalArgumentException e) {
            return DecodedInput.invalid(e.getMessage(), raw);
        }
    }

    /** One webhook event (a JSON object) as a change event; throws IllegalArgumentException saying what is wrong. */
    public static CrmObjectChangeEvent toChangeEvent(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("webhook event is not a JSON object");
        }
        String subscriptionType = required(node, "subscriptionType");
        int dot = subscriptionType.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("unknown subscriptionType '" + subscriptionType + "'");
        }
        String prefix = subscriptionType.substring(0, dot);
        ChangeType changeType = Optional.ofNullable(CHANGE_TYPES.get(subscriptionType.substring(dot + 1)))
                .orElseThrow(() -> new IllegalArgumentException("unknown subscriptionType '" + subscriptionType + "'"));
        long portalId = node.path("portalId").asLong(0);
        CrmObjectChangeEvent.Builder event = CrmObjectChangeEvent.newBuilder()
                .setPortalId(portalId)
                .setChangeType(changeType)
                .setOccurredAt(Instant.ofEpochMilli(node.path("occurredAt").asLong(0)))
                .setPropertyName(text(node, "propertyName"))
                .setChangeSource(text(node, "changeSource"));

        if (changeType == ChangeType.ASSOCIATION_CHANGED) {
            String[] ends = associationEnds(node, prefix);
            event.setObjectType(ends[0])
                    .setObjectId(requiredId(Optional.ofNullable(text(node, "fromObjectId")).orElse(text(node, "objectId"))))
                    .setToObjectType(ends[1])
                    .setToObjectId(text(node, "toObjectId"))
                    .setAssociationRemoved(node.has("associationRemoved") ? node.get("associationRemoved").asBoolean() : null);
        } else {
            event.setObjectType(objectType(node, prefix)).setObjectId(requiredId(text(node, "objectId")));
        }
        if (changeType == ChangeType.MERGED) {
            String survivor = firstNonNull(text(node, "newObjectId"), text(node, "primaryObjectId"), text(node, "objectId"));
            Set<String> mergedAway = new LinkedHashSet<>();
            node.path("mergedObjectIds").forEach(id -> mergedAway.add(id.asText()));
            Optional.ofNullable(text(node, "primaryObjectId")).ifPresent(mergedAway::add);
            Optional.ofNullable(text(node, "objectId")).ifPresent(mergedAway::add);
            mergedAway.remove(survivor);
            event.setObjectId(requiredId(survivor)).setMergedObjectIds(new ArrayList<>(mergedAway));
        }
        event.setEventId(Optional.ofNullable(text(node, "eventId"))
                .orElse(portalId + "-" + subscriptionType + "-" + event.getObjectId() + "-" + node.path("occurredAt").asLong(0)));
        return event.build();
    }

    private static String objectType(JsonNode node, String prefix) {
        if ("object".equals(prefix)) {
            return typeById(required(node, "objectTypeId"));
        }
        return ObjectTypes.fromWebhookPrefix(prefix)
                .orElseThrow(() -> new IllegalArgumentException("unknown subscriptionType prefix '" + prefix + "'"));
    }

    /** From and to types of an association change: explicit type ids when given, else the associationType's words. */
    private static String[] associationEnds(JsonNode node, String prefix) {
        String fromTypeId = text(node, "fromObjectTypeId");
        String toTypeId = text(node, "toObjectTypeId");
        if (fromTypeId != null && toTypeId != null) {
            return new String[] {typeById(fromTypeId), typeById(toTypeId)};
        }
        String associationType = required(node, "associationType");
        int split = associationType.toUpperCase(Locale.ROOT).indexOf("_TO_");
        if (split < 0) {
            throw new IllegalArgumentException("cannot read object types from associationType '" + associationType + "'");
        }
        String from = associationType.substring(0, split).toLowerCase(Locale.ROOT);
        String to = associationType.substring(split + 4).toLowerCase(Locale.ROOT);
        return new String[] {typeByWord(from, associationType), typeByWord(to, associationType)};
    }

    /** A known type's name; a well-formed id of a type not known here is kept as is (and skipped, being in no pair). */
    private static String typeById(String typeId) {
        return ObjectTypes.fromObjectTypeId(typeId)
                .or(() -> ObjectTypes.looksLikeObjectTypeId(typeId) ? Optional.of(typeId) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("unknown objectTypeId '" + typeId + "'"));
    }

    private static String typeByWord(String word, String associationType) {
        return ObjectTypes.fromSingular(word)
                .or(() -> ObjectTypes.fromObjectTypeId(word))
                .orElseThrow(() -> new IllegalArgumentException("unknown object type in associationType '" + associationType + "'"));
    }

    /** Checked before it reaches the Avro builder, which would reject a null with a less helpful exception. */
    private static String requiredId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("webhook event has no objectId");
        }
        return id;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("webhook event has no " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
