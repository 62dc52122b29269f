package com.associationenricher.batching;

/** Whether a task that has read a backlog to its end sends a group's waiting ids now ({@link BacklogEnd}). */
@FunctionalInterface
interface BacklogEndSend {
    /** Not at the end of a backlog: no group is due for it. */
    BacklogEndSend NOT_AT_END = (group, waitingHere) -> false;

    boolean sendsNow(GroupKey group, int waitingHere);
}
