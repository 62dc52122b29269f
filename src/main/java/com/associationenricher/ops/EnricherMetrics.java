package com.associationenricher.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enricher's own meters, named once here so the pipeline, the demo's progress line and /metrics agree.
 * Shared by every stream thread of the instance (Micrometer meters are thread-safe).
 */
public final class EnricherMetrics {
    /** The portal tag of the pending ids of every portal this instance has no credentials for. */
    public static final String OTHER_PORTAL = "other";
    private final MeterRegistry registry;
    private final Counter eventsIn;
    private final Counter lookupsRequested;
    private final Counter associationEvents;
    private final Counter tombstones;
    private final Counter suppressedEvents;
    private final Counter staleAnswers;
    private final DistributionSummary batchSize;
    private final Timer endToEndDelay;
    private final AtomicLong pendingIds = new AtomicLong();
    private final Map<List<String>, AtomicLong> pendingByGroup = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> waitingByClass = new ConcurrentHashMap<>();
    private final AtomicLong batchesInFlight = new AtomicLong();
    private volatile Set<Long> portalsServed = Set.of();

    public EnricherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsIn = registry.counter("enricher.events.in");
        this.lookupsRequested = registry.counter("enricher.lookups.requested");
        this.associationEvents = registry.counter("enricher.association.events");
        this.tombstones = registry.counter("enricher.tombstones");
        this.suppressedEvents = registry.counter("enricher.association.events.suppressed");
        this.staleAnswers = registry.counter("enricher.answers.discarded");
        this.batchSize = DistributionSummary.builder("enricher.batch.size").baseUnit("ids")
                .serviceLevelObjectives(1, 10, 100, 500, 1000).register(registry);
        this.endToEndDelay = Timer.builder("enricher.end.to.end.delay")
                .description("from the change event's occurredAt to its association event")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("enricher.batches.in.flight", batchesInFlight);
    }

    public static EnricherMetrics inMemory() {
        return new EnricherMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void eventIn() {
        eventsIn.increment();
    }

    public void lookupRequested() {
        lookupsRequested.increment();
    }

    public void batchSent(String flushReason, int ids) {
        registry.counter("enricher.batches", "reason", flushReason).increment();
        batchSize.record(ids);
        batchesInFlight.incrementAndGet();
    }

    public void batchCompleted() {
        batchesInFlight.decrementAndGet();
    }

    public void associationEvent(long changeOccurredAtMs, long nowMs) {
        associationEvents.increment();
        if (changeOccurredAtMs > 0 && nowMs >= changeOccurredAtMs) {
            endToEndDelay.record(Duration.ofMillis(nowMs - changeOccurredAtMs));
        }
    }

    /** An answer equal to the last event of its key, not written because output.emit-unchanged is false. */
    public void associationEventSuppressed() {
        suppressedEvents.increment();
    }

    public void tombstone() {
        tombstones.increment();
    }

    public void deadLetter(String reason) {
        registry.counter("enricher.dead.letters", "reason", reason).increment();
    }

    public void transientFailure(String what) {
        registry.counter("enricher.transient.failures", "kind", what).increment();
    }

    /** A change older (by occurredAt) than a deletion already applied to its key: it cannot undo the deletion. */
    /** An input event of a type no configured pair looks up; {@code type} is a bounded tag. */
    public void eventSkipped(String type) {
        registry.counter("enricher.events.skipped", "type", type).increment();
    }

    public void staleChange() {
        registry.counter("enricher.changes.stale").increment();
    }

    public void answerDiscarded() {
        staleAnswers.increment();
    }

    /**
     * The portals this instance has credentials for, each of which gets its own pending-ids series. Call it before the
     * pipeline starts: the portal ids come from the input, and any other portal's ids (which can only fail) share the
     * series of portal {@value #OTHER_PORTAL}, so the input cannot grow the number of series.
     */
    public void portalsServed(Collection<Long> portals) {
        portalsServed = Set.copyOf(portals);
    }

    /**
     * Ids waiting in the store of one (portal, from type, to type) group, summed over the instance's tasks. The types
     * are the configured association pairs' (the intake rejects others), so the series are bounded.
     */
    public void pendingDelta(long portalId, String fromType, String toType, long delta) {
        pendingIds.addAndGet(delta);
        String portal = portalsServed.contains(portalId) ? String.valueOf(portalId) : OTHER_PORTAL;
        pendingByGroup.computeIfAbsent(List.of(portal, fromType, toType), group -> {
            AtomicLong count = new AtomicLong();
            registry.gauge("enricher.pending.ids", Tags.of("portal", group.get(0), "from_type", group.get(1), "to_type", group.get(2)), count);
            return count;
        }).addAndGet(delta);
    }

    /** Ids waiting for a call, by class: {@code live} (a live change waits) or {@code bulk} (backfill, reconcile). */
    public void waitingByClass(String lookupClass, long delta) {
        waitingByClass.computeIfAbsent(lookupClass, name -> {
            AtomicLong count = new AtomicLong();
            registry.gauge("enricher.pending.ids.by.class", Tags.of("class", name), count);
            return count;
        }).addAndGet(delta);
    }

    public long waitingIds(String lookupClass) {
        AtomicLong count = waitingByClass.get(lookupClass);
        return count == null ? 0 : count.get();
    }

    public double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    public long pendingIds() {
        return pendingIds.get();
    }
}
