package com.associationenricher.delta;

import com.associationenricher.events.avro.Association;

/**
 * One association as remembered for comparison: every field of the Avro {@link Association}, so an association whose
 * type, category or label changed is a different member, and a removed one can be written back exactly as emitted.
 */
record EmittedAssociation(String toObjectId, String associationType, Integer typeId, String category, String label) {

    static EmittedAssociation of(Association association) {
        return new EmittedAssociation(association.getToObjectId(), association.getAssociationType(), association.getTypeId(),
                association.getCategory(), association.getLabel());
    }

    Association toAvro() {
        return Association.newBuilder()
                .setToObjectId(toObjectId)
                .setAssociationType(associationType)
                .setTypeId(typeId)
                .setCategory(category)
                .setLabel(label)
                .build();
    }
}
