package com.associationenricher.batching;

import java.util.Locale;

/**
 * Why a group's ids were sent: the group was full, it was full together with the ids of the group waiting in the
 * instance's other tasks (which join the call), its oldest id had waited {@code batch.max-wait}, or its task read a
 * backlog to its end and no more ids are coming to fill it ({@link BacklogEnd}).
 */
enum FlushReason {
    SIZE, SHARED_SIZE, TIME, BACKLOG_END;

    /** The value of the {@code reason} tag of the batches counter. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
