package com.associationenricher.tools.simulator;

/** One association the simulated portal holds: the associated object's id and HubSpot's type name. */
public record TrueAssociation(String toObjectId, String associationType) {
}
