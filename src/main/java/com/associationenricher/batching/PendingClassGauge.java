package com.associationenricher.batching;

import com.associationenricher.ops.EnricherMetrics;
import java.util.Locale;

/** Mirrors one task's waiting ids per {@link LookupClass} into the instance-wide gauge, as deltas. */
final class PendingClassGauge {

    private final EnricherMetrics metrics;
    private final long[] reported = new long[LookupClass.values().length];

    PendingClassGauge(EnricherMetrics metrics) {
        this.metrics = metrics;
    }

    void report(PendingLookups index) {
        for (LookupClass lookupClass : LookupClass.values()) {
            set(lookupClass, index.waitingCount(lookupClass));
        }
    }

    /** The task is closing: its ids no longer count here. */
    void clear() {
        for (LookupClass lookupClass : LookupClass.values()) {
            set(lookupClass, 0);
        }
    }

    private void set(LookupClass lookupClass, long now) {
        int i = lookupClass.ordinal();
        if (now != reported[i]) {
            metrics.waitingByClass(lookupClass.name().toLowerCase(Locale.ROOT), now - reported[i]);
            reported[i] = now;
        }
    }
}
