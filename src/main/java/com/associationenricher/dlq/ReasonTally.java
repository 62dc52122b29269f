package com.associationenricher.dlq;

/** Per reason: dead letters selected by the filter, and how many of them the replay skipped. */
public record ReasonTally(int selected, int skipped) {

    public int replayed() {
        return selected - skipped;
    }

    ReasonTally plusSelected() {
        return new ReasonTally(selected + 1, skipped);
    }

    ReasonTally plusSkipped() {
        return new ReasonTally(selected + 1, skipped + 1);
    }
}
