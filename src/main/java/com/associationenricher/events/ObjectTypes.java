package com.associationenricher.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vocabulary of CRM object types. Everything inside the service speaks the canonical plural names HubSpot's
 * associations API takes ({@code contacts}, {@code companies}, ...) or a custom object's {@code 2-<n>} id; events
 * arrive with other spellings (generic webhooks' {@code objectTypeId} {@code 0-1}, classic webhooks'
 * {@code contact.creation}), which are mapped here and nowhere else.
 */
public final class ObjectTypes {

    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";
    public static final String DEALS = "deals";
    public static final String TICKETS = "tickets";
    public static final String LINE_ITEMS = "line_items";

    /** The standard object types, in HubSpot's objectTypeId order. */
    public static final List<String> CANONICAL = List.of(CONTACTS, COMPANIES, DEALS, TICKETS, LINE_ITEMS);

    private static final Pattern CUSTOM = Pattern.compile("2-[1-9][0-9]*");

    private static final Map<String, String> BY_OBJECT_TYPE_ID = Map.of(
            "0-1", CONTACTS, "0-2", COMPANIES, "0-3", DEALS, "0-5", TICKETS, "0-8", LINE_ITEMS);

    private static final Map<String, String> SINGULAR = Map.of(
            CONTACTS, "contact", COMPANIES, "company", DEALS, "deal", TICKETS, "ticket", LINE_ITEMS, "line_item");

    private static final Map<String, String> BY_WEBHOOK_PREFIX = Map.of(
            "contact", CONTACTS, "company", COMPANIES, "deal", DEALS, "ticket", TICKETS, "line_item", LINE_ITEMS);

    private ObjectTypes() {
    }

    /** True for a canonical name or a custom object's {@code 2-<n>} id; everything else is a configuration error. */
    public static boolean isValid(String type) {
        return type != null && (CANONICAL.contains(type) || isCustom(type));
    }

    public static boolean isCustom(String type) {
        return type != null && CUSTOM.matcher(type).matches();
    }

    /** Generic webhooks' {@code objectTypeId}: {@code 0-1} is contacts, ..., custom {@code 2-<n>} is kept as is. */
    public static Optional<String> fromObjectTypeId(String objectTypeId) {
        if (isCustom(objectTypeId)) {
            return Optional.of(objectTypeId);
        }
        return Optional.ofNullable(objectTypeId == null ? null : BY_OBJECT_TYPE_ID.get(objectTypeId));
    }

    /** Classic webhooks' subscription prefix: {@code contact} is contacts, {@code line_item} is line_items. */
    public static Optional<String> fromWebhookPrefix(String prefix) {
        return Optional.ofNullable(prefix == null ? null : BY_WEBHOOK_PREFIX.get(prefix));
    }

    /** Classic webhooks' whole subscription type, e.g. {@code deal.propertyChange} is deals. */
    public static Optional<String> fromSubscriptionType(String subscriptionType) {
        if (subscriptionType == null) {
            return Optional.empty();
        }
        int dot = subscriptionType.indexOf('.');
        return fromWebhookPrefix(dot < 0 ? subscriptionType : subscriptionType.substring(0, dot));
    }

    /**
     * The singular form used in association type names ({@code contact_to_company}); a custom type has no singular
     * and is returned as is.
     */
    public static String singular(String type) {
        if (isCustom(type)) {
            return type;
        }
        String singular = type == null ? null : SINGULAR.get(type);
        if (singular == null) {
            throw new IllegalArgumentException("not an object type: '" + type + "'");
        }
        return singular;
    }
}
