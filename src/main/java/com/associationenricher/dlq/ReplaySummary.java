package com.associationenricher.dlq;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a replay: how many dead letters the filter selected, how many were skipped and why, how many records
 * they became and how many Kafka acknowledged ({@code sent}, 0 in a dry run).
 */
public record ReplaySummary(String targetTopic, boolean dryRun, int selected, int skippedInvalid, int skippedIncomplete,
                            long unreadable, int changeEvents, int rawRecords, int sent,
                            Map<DeadLetterReason, ReasonTally> byReason) {

    public int skipped() {
        return skippedInvalid + skippedIncomplete;
    }

    public int records() {
        return changeEvents + rawRecords;
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(dryRun ? "Dry run, nothing sent. " : "").append("Selected ").append(selected).append(" dead letters");
        if (unreadable > 0) {
            text.append("; skipped ").append(unreadable).append(" unreadable records");
        }
        text.append(".\n");
        int replayedDeadLetters = selected - skipped();
        text.append(replayedDeadLetters).append(" dead letters -> ").append(changeEvents).append(" change events");
        if (rawRecords > 0) {
            text.append(" + ").append(rawRecords).append(" original input records");
        }
        text.append(dryRun ? " would be sent to " : ", " + sent + " sent and acknowledged by ").append(targetTopic).append(".\n");
        if (skippedInvalid > 0) {
            text.append("Skipped ").append(skippedInvalid)
                    .append(" INVALID_EVENT/UNDECODABLE_EVENT dead letters: fix their producer, then add --include-invalid.\n");
        }
        if (skippedIncomplete > 0) {
            text.append("Skipped ").append(skippedIncomplete)
                    .append(" dead letters that cannot be replayed (no object id, or no complete original bytes).\n");
        }
        new TreeMap<>(byReason).forEach((reason, tally) -> text.append(String.format("  %-18s %6d selected %6d %s%s%n",
                reason, tally.selected(), tally.replayed(), dryRun ? "to replay" : "replayed",
                tally.skipped() > 0 ? "  " + tally.skipped() + " skipped" : "")));
        return text.toString();
    }
}
