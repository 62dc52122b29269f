package com.associationenricher.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vocabulary of CRM object types. Everything inside the service speaks the canonical plural names HubSpot's
 * associations API takes ({@code contacts}, {@code notes}, ...) or a custom object's {@code 2-<n>} id; events arrive
 * with other spellings (generic webhooks' {@code objectTypeId} {@code 0-46}, classic webhooks'
 * {@code contact.creation}, association types' {@code NOTE_TO_CONTACT}), which are mapped here and nowhere else. A
 * custom object may be configured by its fully qualified name {@code p<portalId>_<name>}, which is resolved to its
 * {@code 2-<n>} id at start-up ({@code config.CustomObjectNames}): keys and outputs always carry the id.
 */
public final class ObjectTypes {

    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";
    public static final String DEALS = "deals";
    public static final String TICKETS = "tickets";
    public static final String LINE_ITEMS = "line_items";

    /** One standard object type: its objectTypeId, canonical plural name and singular (association type) name. */
    public record Standard(String typeId, String name, String singular) {
    }

    /**
     * HubSpot's standard object types, each checked against the object type id table of HubSpot's "Using the object
     * APIs" guide (2026-12-01).
     */
    public static final List<Standard> STANDARD = List.of(
            new Standard("0-1", CONTACTS, "contact"),
            new Standard("0-2", COMPANIES, "company"),
            new Standard("0-3", DEALS, "deal"),
            new Standard("0-5", TICKETS, "ticket"),
            new Standard("0-7", "products", "product"),
            new Standard("0-8", LINE_ITEMS, "line_item"),
            new Standard("0-14", "quotes", "quote"),
            new Standard("0-18", "communications", "communication"),
            new Standard("0-27", "tasks", "task"),
            new Standard("0-46", "notes", "note"),
            new Standard("0-47", "meetings", "meeting"),
            new Standard("0-48", "calls", "call"),
            new Standard("0-49", "emails", "email"),
            new Standard("0-116", "postal_mail", "postal_mail"),
            new Standard("0-136", "leads", "lead"),
            new Standard("0-123", "orders", "order"),
            new Standard("0-142", "carts", "cart"),
            new Standard("0-53", "invoices", "invoice"),
            new Standard("0-101", "payments", "payment"),
            new Standard("0-69", "subscriptions", "subscription"),
            new Standard("0-421", "appointments", "appointment"),
            new Standard("0-410", "courses", "course"),
            new Standard("0-420", "listings", "listing"),
            new Standard("0-162", "services", "service"));

    /** The standard object types' canonical names, in the order of {@link #STANDARD}. */
    public static final List<String> CANONICAL = STANDARD.stream().map(Standard::name).toList();

    private static final Pattern CUSTOM = Pattern.compile("2-[1-9][0-9]*");
    /** A custom object's fully qualified name, e.g. {@code p12345_cars}: HubSpot's {@code fullyQualifiedName}. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("p([1-9][0-9]*)_([a-z][a-z0-9_]*)");

    /** The prefixes of HubSpot's classic (type-specific) webhook subscriptions. */
    private static final List<String> CLASSIC_PREFIXES = List.of("contact", "company", "deal", "ticket", "line_item");

    private static final Map<String, Standard> BY_TYPE_ID = index(Standard::typeId);
    private static final Map<String, Standard> BY_NAME = index(Standard::name);
    private static final Map<String, Standard> BY_SINGULAR = index(Standard::singular);

    private ObjectTypes() {
    }

    private static Map<String, Standard> index(java.util.function.Function<Standard, String> field) {
        Map<String, Standard> index = new LinkedHashMap<>();
        STANDARD.forEach(type -> index.put(field.apply(type), type));
        return Map.copyOf(index);
    }

    /** True for a canonical name or a custom object's {@code 2-<n>} id; everything else is a configuration error. */
    public static boolean isValid(String type) {
        return type != null && (BY_NAME.containsKey(type) || isCustom(type));
    }

    public static boolean isCustom(String type) {
        return type != null && CUSTOM.matcher(type).matches();
    }

    /** True for a custom object's fully qualified name {@code p<portalId>_<name>}. */
    public static boolean isQualifiedName(String type) {
        return type != null && QUALIFIED_NAME.matcher(type).matches();
    }

    /** The portal a fully qualified name {@code p<portalId>_<name>} belongs to. */
    public static long portalOfQualifiedName(String qualifiedName) {
        var matcher = QUALIFIED_NAME.matcher(qualifiedName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a fully qualified custom object name: '" + qualifiedName + "'");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Generic webhooks' {@code objectTypeId}: {@code 0-46} is notes, ..., custom {@code 2-<n>} is kept as is. */
    public static Optional<String> fromObjectTypeId(String objectTypeId) {
        if (isCustom(objectTypeId)) {
            return Optional.of(objectTypeId);
        }
        return Optional.ofNullable(objectTypeId == null ? null : BY_TYPE_ID.get(objectTypeId)).map(Standard::name);
    }

    /** True for an objectTypeId of HubSpot's form ({@code 0-<n>} standard, {@code 2-<n>} custom), known or not. */
    public static boolean looksLikeObjectTypeId(String objectTypeId) {
        return objectTypeId != null && objectTypeId.matches("[0-9]-[0-9]{1,9}");
    }

    /** Classic webhooks' subscription prefix: {@code contact} is contacts, {@code line_item} is line_items. */
    public static Optional<String> fromWebhookPrefix(String prefix) {
        return CLASSIC_PREFIXES.contains(prefix) ? fromSingular(prefix) : Optional.empty();
    }

    /** A singular name as in association types ({@code note} of {@code NOTE_TO_CONTACT}), lower case. */
    public static Optional<String> fromSingular(String singular) {
        return Optional.ofNullable(singular == null ? null : BY_SINGULAR.get(singular)).map(Standard::name);
    }

    /** Classic webhooks' whole subscription type, e.g. {@code deal.propertyChange} is deals. */
    public static Optional<String> fromSubscriptionType(String subscriptionType) {
        if (subscriptionType == null) {
            return Optional.empty();
        }
        int dot = subscriptionType.indexOf('.');
        return fromWebhookPrefix(dot < 0 ? subscriptionType : subscriptionType.substring(0, dot));
    }

    /** The objectTypeId of a canonical name, e.g. {@code 0-48} for calls; a custom id is returned as is. */
    public static String typeId(String type) {
        if (isCustom(type)) {
            return type;
        }
        Standard standard = type == null ? null : BY_NAME.get(type);
        if (standard == null) {
            throw new IllegalArgumentException("not an object type: '" + type + "'");
        }
        return standard.typeId();
    }

    /**
     * The singular form used in association type names ({@code contact_to_company}); a custom type has no singular
     * and is returned as is.
     */
    public static String singular(String type) {
        if (isCustom(type)) {
            return type;
        }
        Standard standard = type == null ? null : BY_NAME.get(type);
        if (standard == null) {
            throw new IllegalArgumentException("not an object type: '" + type + "'");
        }
        return standard.singular();
    }
}
