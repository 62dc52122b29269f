package com.associationenricher.dlq;

/** Hears what a replay is doing, for a command line to report it; every method does nothing unless overridden. */
public interface ReplayObserver {

    ReplayObserver NONE = new ReplayObserver() {
    };

    default void unreadable(UnreadableRecord record) {
    }

    /** In a dry run, each record that would be sent, instead of sending it. */
    default void wouldSend(ReplayItem item, String topic) {
    }

    /** After each record handed to the producer: {@code sent} of {@code total}. */
    default void progress(int sent, int total) {
    }
}
