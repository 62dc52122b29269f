package com.associationenricher.backfill;

import com.associationenricher.hubspot.ResilientObjectLister;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code backfill}: for every configured portal and each requested object type (default: the {@code from} types of
 * {@code associations.pairs}), lists every live object and writes one BACKFILL change event per object, so the
 * enricher looks each one up. Resumes unfinished listings from their checkpoints; a complete run clears them.
 */
public final class BackfillRun {

    static final String RUN = "backfill";

    /** @param objectTypes the types to list, empty for the from types of associations.pairs */
    public record Options(List<String> objectTypes, boolean restart) {
        public Options {
            objectTypes = List.copyOf(objectTypes);
        }
    }

    private BackfillRun() {
    }

    public static SweepReport run(RunContext context, Options options, SweepObserver observer) {
        RunLedger ledger = RunLedger.begin(context, RUN, options.restart(), observer);
        List<String> types = types(context, options.objectTypes());
        ObjectSweep sweep = context.sweep(observer);
        for (Map.Entry<Long, ResilientObjectLister> portal : context.listers().byPortal().entrySet()) {
            long portalId = portal.getKey();
            for (String type : types) {
                SweepTarget target = new SweepTarget(RUN, portalId, type, false);
                announceTotal(context, portal.getValue(), target, observer);
                ledger.add(sweep.run(target, portal.getValue(), page -> page.objectIds().stream()
                        .map(id -> ChangeEvents.refresh(ChangeEvents.BACKFILL, portalId, type, id, page.listedAt()))
                        .toList()));
            }
        }
        return ledger.finish();
    }

    /** The ETA's total, for a listing starting from its first page; a count HubSpot refuses changes nothing. */
    static void announceTotal(RunContext context, ResilientObjectLister lister, SweepTarget target, SweepObserver observer) {
        ProgressCheckpoints.Position position = context.checkpoints().position(target);
        if (position.after() != null || position.done()) {
            return;
        }
        try {
            lister.count(target.objectType()).get().ifPresentOrElse(total -> observer.total(target, total),
                    () -> observer.note(target + ": HubSpot gave no object count, progress without ETA"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            observer.note(target + ": HubSpot gave no object count, progress without ETA");
        }
    }

    static List<String> types(RunContext context, List<String> requested) {
        return requested.isEmpty() ? List.copyOf(context.config().associationPairs().fromTypes()) : requested;
    }
}
