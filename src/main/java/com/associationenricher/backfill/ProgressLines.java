package com.associationenricher.backfill;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The progress of a run on stderr, one line at most every {@code interval} per listing plus one when it ends:
 * pages, objects, objects/s, HubSpot calls so far, and an ETA when HubSpot said how many objects there are.
 */
public final class ProgressLines implements SweepObserver {

    private final PrintWriter err;
    private final LongSupplier calls;
    private final Duration interval;
    private final Map<SweepTarget, Listing> listings = new ConcurrentHashMap<>();

    private static final class Listing {
        final long startNanos = System.nanoTime();
        long lastLineNanos = startNanos;
        long pages;
        long objects;
        long total = -1;
    }

    public ProgressLines(PrintWriter err, LongSupplier calls, Duration interval) {
        this.err = err;
        this.calls = calls;
        this.interval = interval;
    }

    @Override
    public void total(SweepTarget target, long total) {
        listings.computeIfAbsent(target, t -> new Listing()).total = total;
    }

    @Override
    public void started(SweepTarget target, String resumedAfter) {
        listings.computeIfAbsent(target, t -> new Listing());
        line(target + ": " + (resumedAfter == null ? "listing from the first page" : "resuming after cursor " + resumedAfter));
    }

    @Override
    public void pageWritten(SweepTarget target, int objects, int events) {
        Listing listing = listings.computeIfAbsent(target, t -> new Listing());
        listing.pages++;
        listing.objects += objects;
        long now = System.nanoTime();
        if (now - listing.lastLineNanos >= interval.toNanos()) {
            listing.lastLineNanos = now;
            line(progress(target, listing, now));
        }
    }

    @Override
    public void waiting(SweepTarget target, Instant until, String why) {
        line(target + ": waiting until " + until + " (" + why + ")");
    }

    @Override
    public void finished(SweepResult result) {
        Listing listing = listings.computeIfAbsent(result.target(), t -> new Listing());
        line(progress(result.target(), listing, System.nanoTime()) + " -- " + result.status().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void note(String text) {
        line(text);
    }

    private String progress(SweepTarget target, Listing listing, long now) {
        double seconds = Math.max(1e-3, (now - listing.startNanos) / 1e9);
        double rate = listing.objects / seconds;
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: %d pages, %d objects, %.0f objects/s, %d calls",
                target, listing.pages, listing.objects, rate, calls.getAsLong()));
        if (listing.total >= 0) {
            long left = Math.max(0, listing.total - listing.objects);
            text.append(String.format(Locale.ROOT, ", %d of %d", listing.objects, listing.total));
            if (rate > 0) {
                text.append(", ETA ").append(Duration.ofSeconds((long) Math.ceil(left / rate)));
            }
        }
        return text.toString();
    }

    private synchronized void line(String text) {
        err.println(text);
        err.flush();
    }
}
