package com.associationenricher.batching;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.Set;

/**
 * Whose lookup an id is: a live change waits for it (LIVE), or only a backfill or reconcile asked for it (BULK). The
 * batcher serves LIVE ids first, so a backfill of a million objects never delays a live change; an id a live change
 * touches becomes LIVE.
 */
enum LookupClass {
    LIVE, BULK;

    /** The changeSource values written by the backfill and reconcile commands. */
    private static final Set<String> BULK_SOURCES = Set.of("BACKFILL", "RECONCILE");

    static LookupClass of(CrmObjectChangeEvent event) {
        return event.getChangeSource() != null && BULK_SOURCES.contains(event.getChangeSource()) ? BULK : LIVE;
    }
}
