package com.associationenricher.tools.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * HubSpot names one object type several ways: {@code contacts} in a URL, {@code contact} in an association type,
 * {@code 0-1} as an object type id. The simulator folds them all to the singular name, so the truth and the scope
 * settings do not depend on which spelling a client chose. Unknown types (custom objects such as {@code 2-12345})
 * are kept as given, lower-cased.
 */
public final class ObjectTypes {

    private static final Map<String, String> SINGULAR = Map.ofEntries(
            Map.entry("contacts", "contact"), Map.entry("0-1", "contact"),
            Map.entry("companies", "company"), Map.entry("0-2", "company"),
            Map.entry("deals", "deal"), Map.entry("0-3", "deal"),
            Map.entry("tickets", "ticket"), Map.entry("0-5", "ticket"),
            Map.entry("line_items", "line_item"), Map.entry("0-8", "line_item"),
            Map.entry("products", "product"), Map.entry("0-7", "product"),
            Map.entry("quotes", "quote"), Map.entry("0-14", "quote"),
            Map.entry("calls", "call"), Map.entry("0-48", "call"),
            Map.entry("emails", "email"), Map.entry("0-49", "email"),
            Map.entry("meetings", "meeting"), Map.entry("0-47", "meeting"),
            Map.entry("notes", "note"), Map.entry("0-46", "note"),
            Map.entry("tasks", "task"), Map.entry("0-27", "task"));

    /** HubSpot's unlabeled HUBSPOT_DEFINED association type ids, as v4 reports them. */
    private static final Map<String, Integer> TYPE_IDS = Map.ofEntries(
            Map.entry("contact_to_company", 279), Map.entry("company_to_contact", 280),
            Map.entry("deal_to_contact", 3), Map.entry("contact_to_deal", 4),
            Map.entry("deal_to_company", 341), Map.entry("company_to_deal", 342),
            Map.entry("ticket_to_company", 339), Map.entry("company_to_ticket", 340),
            Map.entry("contact_to_ticket", 15), Map.entry("ticket_to_contact", 16),
            Map.entry("deal_to_ticket", 27), Map.entry("ticket_to_deal", 28),
            Map.entry("deal_to_line_item", 19), Map.entry("line_item_to_deal", 20));

    private ObjectTypes() {
    }

    /** {@code contacts}, {@code CONTACT}, {@code 0-1} and {@code contact} all give {@code contact}. */
    public static String singular(String objectType) {
        String lower = objectType.trim().toLowerCase(Locale.ROOT);
        String known = SINGULAR.get(lower);
        if (known != null) {
            return known;
        }
        // Every other standard type, by name or type id (notes, 0-46, postal_mail, ...).
        return com.associationenricher.events.ObjectTypes.fromObjectTypeId(lower)
                .or(() -> java.util.Optional.of(lower))
                .filter(com.associationenricher.events.ObjectTypes::isValid)
                .filter(type -> !com.associationenricher.events.ObjectTypes.isCustom(type))
                .map(com.associationenricher.events.ObjectTypes::singular)
                .orElse(lower);
    }

    /** HubSpot's association type name, e.g. {@code contact_to_company}. */
    public static String associationType(String fromType, String toType) {
        return singular(fromType) + "_to_" + singular(toType);
    }

    /** A labelled association type as v4 reports it beside the unlabelled one. */
    public record LabelledType(String category, int typeId, String label) {
    }

    /**
     * The label the simulated portal puts on the first association of an object whose id ends in 7: HubSpot's own
     * "Primary" (HUBSPOT_DEFINED 1) for a contact's company, a USER_DEFINED "Primary" (id 2000 to 2999, from the
     * name) for every other pair.
     */
    public static LabelledType primaryLabel(String associationType) {
        if ("contact_to_company".equals(associationType)) {
            return new LabelledType("HUBSPOT_DEFINED", 1, "Primary");
        }
        return new LabelledType("USER_DEFINED", 2000 + Math.floorMod(associationType.hashCode(), 1000), "Primary");
    }

    /**
     * The v4 typeId of an association type: HubSpot's own id for the standard pairs, otherwise a stable id from
     * 1000 to 1999 derived from the name (HubSpot gives custom pairs ids of its own; clients must not rely on them).
     */
    public static int typeId(String associationType) {
        Integer known = TYPE_IDS.get(associationType);
        return known != null ? known : 1000 + Math.floorMod(associationType.hashCode(), 1000);
    }
}
