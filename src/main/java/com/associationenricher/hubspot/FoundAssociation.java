package com.associationenricher.hubspot;

/** One association as HubSpot returned it; v3 fills associationType, v4 fills typeId, category and label. */
public record FoundAssociation(String toObjectId, String associationType, Integer typeId, String category, String label) {

    public static FoundAssociation v3(String toObjectId, String associationType) {
        return new FoundAssociation(toObjectId, associationType, null, null, null);
    }
}
