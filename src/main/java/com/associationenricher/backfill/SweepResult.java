package com.associationenricher.backfill;

import java.util.List;

/**
 * How one listing ended: complete, refused for missing scopes, or failed (HubSpot kept failing; the checkpoint lets
 * a later run resume). {@code pages}, {@code objects} and {@code events} count this run's work only.
 */
public record SweepResult(SweepTarget target, Status status, long pages, long objects, long events,
                          List<String> missingScopes, String message) {

    public enum Status { COMPLETE, FORBIDDEN, FAILED }

    public SweepResult {
        missingScopes = List.copyOf(missingScopes);
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }

    public String describe() {
        return switch (status) {
            case COMPLETE -> target + ": complete, " + pages + " pages, " + objects + " objects, " + events + " events";
            case FORBIDDEN -> target + ": NOT LISTED, HubSpot refused (403 MISSING_SCOPES), missing scopes "
                    + (missingScopes.isEmpty() ? "(not named by HubSpot)" : String.join(", ", missingScopes))
                    + ": grant them to the app and run again";
            case FAILED -> target + ": INCOMPLETE after " + pages + " pages (" + message + "); run again to resume";
        };
    }
}
