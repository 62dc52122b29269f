package com.associationenricher.backfill;

import java.time.Duration;
import java.util.List;

/** The end of a run: every listing's result, the calls it cost and how long it took; exit 0 only if all are complete. */
public record SweepReport(String run, List<SweepResult> results, long listCalls, long eventsWritten, Duration elapsed) {

    public SweepReport {
        results = List.copyOf(results);
    }

    public boolean complete() {
        return results.stream().allMatch(SweepResult::complete);
    }

    public int exitCode() {
        return complete() ? 0 : 1;
    }

    public String render() {
        StringBuilder text = new StringBuilder(run).append(complete() ? ": complete" : ": INCOMPLETE").append('\n');
        results.forEach(result -> text.append("  ").append(result.describe()).append('\n'));
        long objects = results.stream().mapToLong(SweepResult::objects).sum();
        text.append("  ").append(objects).append(" objects listed, ").append(eventsWritten).append(" change events written, ")
                .append(listCalls).append(" HubSpot list calls, ").append(elapsed.toMillis() / 1000.0).append(" s\n");
        return text.toString();
    }
}
