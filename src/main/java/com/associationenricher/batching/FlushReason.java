package com.associationenricher.batching;

import java.util.Locale;

/** Why a group's ids were sent: the group was full, or its oldest id had waited {@code batch.max-wait}. */
enum FlushReason {
    SIZE, TIME;

    /** The value of the {@code reason} tag of the batches counter. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
