package com.associationenricher.batching;

import com.associationenricher.events.AssociationKey;

/** What one change event asks of one output key: look its associations up, or erase it (tombstone). */
public record LookupCommand(AssociationKey key, Kind kind) {

    public enum Kind { LOOKUP, TOMBSTONE }

    public static LookupCommand lookup(AssociationKey key) {
        return new LookupCommand(key, Kind.LOOKUP);
    }

    public static LookupCommand tombstone(AssociationKey key) {
        return new LookupCommand(key, Kind.TOMBSTONE);
    }
}
