package com.associationenricher.backfill;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.ResilientObjectLister;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code reconcile}: repairs what webhooks missed. Reads the table as it is now; for every portal and type lists
 * HubSpot's recycle bin and writes a DELETED event for each deleted object the table still holds (its keys get
 * tombstones); then writes one RECONCILE refresh per other object held, so each is looked up again; with
 * {@code --also-backfill} also lists the live objects and refreshes those the table does not hold yet. The refreshes
 * carry the time the table was read as occurredAt: a live change after it wins.
 */
public final class ReconcileRun {

    static final String RUN = "reconcile";
    private static final int EVENTS_PER_WRITE = 1_000;

    public record Options(List<String> objectTypes, boolean alsoBackfill, boolean restart) {
        public Options {
            objectTypes = List.copyOf(objectTypes);
        }
    }

    private ReconcileRun() {
    }

    public static SweepReport run(RunContext context, Options options, SweepObserver observer) {
        RunLedger ledger = RunLedger.begin(context, RUN, options.restart(), observer);
        Instant readAt = Clock.systemUTC().instant();
        HeldObjects held = HeldObjects.read(context.clients(), context.config().topics().output());
        observer.note("reconcile: the table holds " + held.size() + " objects");
        List<String> types = BackfillRun.types(context, options.objectTypes());
        ObjectSweep sweep = context.sweep(observer);
        long refreshes = 0;
        for (Map.Entry<Long, ResilientObjectLister> portal : context.listers().byPortal().entrySet()) {
            long portalId = portal.getKey();
            for (String type : types) {
                ledger.add(sweep.run(new SweepTarget(RUN, portalId, type, true), portal.getValue(), page -> {
                    List<CrmObjectChangeEvent> deleted = new ArrayList<>();
                    for (String id : page.objectIds()) {
                        if (held.holds(portalId, type, id)) {
                            deleted.add(ChangeEvents.deleted(ChangeEvents.RECONCILE, portalId, type, id, page.listedAt()));
                            held.forget(portalId, type, id);
                        }
                    }
                    return deleted;
                }));
                refreshes += refreshHeld(context, held, portalId, type, readAt);
                if (options.alsoBackfill()) {
                    ledger.add(sweep.run(new SweepTarget(RUN, portalId, type, false), portal.getValue(), page ->
                            page.objectIds().stream()
                                    .filter(id -> !held.holds(portalId, type, id))
                                    .map(id -> ChangeEvents.refresh(ChangeEvents.RECONCILE, portalId, type, id, page.listedAt()))
                                    .toList()));
                }
            }
            observer.note("reconcile: portal " + portalId + ": " + refreshes + " held objects refreshed so far");
        }
        ledger.addEvents(refreshes);
        return ledger.finish();
    }

    private static long refreshHeld(RunContext context, HeldObjects held, long portalId, String type, Instant readAt) {
        List<CrmObjectChangeEvent> batch = new ArrayList<>(EVENTS_PER_WRITE);
        long written = 0;
        for (String id : held.idsOf(portalId, type)) {
            batch.add(ChangeEvents.refresh(ChangeEvents.RECONCILE, portalId, type, id, readAt));
            if (batch.size() == EVENTS_PER_WRITE) {
                context.writer().writeAll(batch);
                written += batch.size();
                batch.clear();
            }
        }
        context.writer().writeAll(batch);
        return written + batch.size();
    }
}
