package com.associationenricher.backfill;

/**
 * One listing a run walks through: a portal's objects of one type, live or in the recycle bin ({@code archived}).
 * {@code run} names the command ({@code backfill}, {@code reconcile}) so their checkpoints never mix.
 */
public record SweepTarget(String run, long portalId, String objectType, boolean archived) {

    /** The key of this listing's cursor in the progress topic. */
    public String checkpointKey() {
        return run + ":" + portalId + ":" + objectType + ":" + (archived ? "archived" : "live");
    }

    @Override
    public String toString() {
        return "portal " + portalId + " " + objectType + (archived ? " (recycle bin)" : "");
    }
}
