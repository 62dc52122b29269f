package com.associationenricher.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bookkeeping backfill and reconcile share around their listings: {@code --restart} forgets the run's
 * checkpoints, the results and the list calls spent are tallied into the report, and only a complete run clears its
 * checkpoints (an incomplete one keeps them, so the next run resumes).
 */
final class RunLedger {

    private final RunContext context;
    private final String run;
    private final long started = System.nanoTime();
    private final long callsBefore;
    private final List<SweepResult> results = new ArrayList<>();
    private long extraEvents;

    private RunLedger(RunContext context, String run) {
        this.context = context;
        this.run = run;
        this.callsBefore = context.listCalls();
    }

    static RunLedger begin(RunContext context, String run, boolean restart, SweepObserver observer) {
        RunLedger ledger = new RunLedger(context, run);
        if (restart) {
            context.checkpoints().clear(run);
            observer.note(run + ": --restart, earlier checkpoints cleared");
        }
        return ledger;
    }

    void add(SweepResult result) {
        results.add(result);
    }

    /** Events written outside a listing (reconcile's refreshes of held objects). */
    void addEvents(long events) {
        extraEvents += events;
    }

    SweepReport finish() {
        long events = extraEvents + results.stream().mapToLong(SweepResult::events).sum();
        SweepReport report = new SweepReport(run, results, context.listCalls() - callsBefore, events,
                Duration.ofNanos(System.nanoTime() - started));
        if (report.complete()) {
            context.checkpoints().clear(run);
        }
        return report;
    }
}
