package com.associationenricher.backfill;

import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.hubspot.ObjectListing;
import com.associationenricher.hubspot.ResilientObjectLister;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Walks one listing to its end: a page from HubSpot, its change events to Kafka (acknowledged), then its cursor to
 * the progress topic, and on to {@code paging.next.after}. HubSpot asking to wait (429, DAILY, open circuit) makes it
 * wait and ask again; a page that keeps failing after {@code maxFailedRounds} rounds of the client's own retries ends
 * the listing FAILED with its checkpoint kept; a 403 ends it FORBIDDEN with the missing scopes.
 */
final class ObjectSweep {

    /** The change events one page produces (backfill: all of them; reconcile: those the table holds or lacks). */
    interface PageEvents extends Function<ObjectListing.Page, List<CrmObjectChangeEvent>> {
    }

    private final ChangeEventWriter writer;
    private final ProgressCheckpoints checkpoints;
    private final SweepObserver observer;
    private final Clock clock;
    private final int maxFailedRounds;
    private final Duration failedRoundWait;
    private final Duration longestWait;

    ObjectSweep(ChangeEventWriter writer, ProgressCheckpoints checkpoints, SweepObserver observer, Clock clock,
            int maxFailedRounds, Duration failedRoundWait, Duration longestWait) {
        this.writer = writer;
        this.checkpoints = checkpoints;
        this.observer = observer;
        this.clock = clock;
        this.maxFailedRounds = maxFailedRounds;
        this.failedRoundWait = failedRoundWait;
        this.longestWait = longestWait;
    }

    SweepResult run(SweepTarget target, ResilientObjectLister lister, PageEvents pageEvents) {
        ProgressCheckpoints.Position position = checkpoints.position(target);
        if (position.done()) {
            observer.note(target + ": already complete in an earlier run, skipped");
            return new SweepResult(target, SweepResult.Status.COMPLETE, 0, 0, 0, List.of(), "complete in an earlier run");
        }
        observer.started(target, position.after());
        String after = position.after();
        long pages = 0;
        long objects = 0;
        long events = 0;
        int failedRounds = 0;
        while (true) {
            ObjectListing listing = fetch(lister, target, after);
            if (listing instanceof ObjectListing.Page page) {
                failedRounds = 0;
                List<CrmObjectChangeEvent> written = pageEvents.apply(page);
                writer.writeAll(written);
                pages++;
                objects += page.objectIds().size();
                events += written.size();
                observer.pageWritten(target, page.objectIds().size(), written.size());
                if (page.nextAfter() == null) {
                    checkpoints.saveDone(target);
                    return finish(new SweepResult(target, SweepResult.Status.COMPLETE, pages, objects, events, List.of(), "complete"));
                }
                if (page.nextAfter().equals(after)) {
                    return finish(new SweepResult(target, SweepResult.Status.FAILED, pages, objects, events, List.of(),
                            "HubSpot returned the same cursor again"));
                }
                after = page.nextAfter();
                checkpoints.saveAfter(target, after);
            } else if (listing instanceof ObjectListing.Forbidden forbidden) {
                return finish(new SweepResult(target, SweepResult.Status.FORBIDDEN, pages, objects, events,
                        forbidden.missingScopes(), forbidden.message()));
            } else if (listing instanceof ObjectListing.Unavailable unavailable) {
                waitUntil(target, unavailable.until(), unavailable.message());
            } else if (listing instanceof ObjectListing.Failed failed) {
                failedRounds++;
                if (!failed.retryable() || failedRounds >= maxFailedRounds) {
                    return finish(new SweepResult(target, SweepResult.Status.FAILED, pages, objects, events, List.of(),
                            failed.message()));
                }
                waitUntil(target, clock.instant().plus(failedRoundWait.multipliedBy(failedRounds)), failed.message());
            }
        }
    }

    private SweepResult finish(SweepResult result) {
        observer.finished(result);
        return result;
    }

    private static ObjectListing fetch(ResilientObjectLister lister, SweepTarget target, String after) {
        try {
            return lister.page(target.objectType(), after, target.archived()).get();
        } catch (ExecutionException e) {
            return new ObjectListing.Failed("unexpected error listing objects (" + e.getCause().getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + target, e);
        }
    }

    /** A batch job may block: it has nothing else to do while HubSpot asks it to wait. */
    private void waitUntil(SweepTarget target, Instant until, String why) {
        Duration wait = Duration.between(clock.instant(), until);
        if (wait.compareTo(longestWait) > 0) {
            wait = longestWait;
        }
        observer.waiting(target, clock.instant().plus(wait), why);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to list " + target, e);
        }
    }
}
