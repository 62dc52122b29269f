package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.delta.AssociationDeltaProcessor;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.AssociationKey;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The heart of the enricher: collects the ids that need a lookup ({@link PendingLookups}), sends them to HubSpot in
 * batches per (portal, object-type pair) when a batch is full or its oldest id has waited long enough, and forwards
 * each id's outcome when the answer arrives. Built by {@link LookupBatcherSupplier}, which declares its stores.
 *
 * <p>Calls are asynchronous ({@link CallsInFlight}): answers are applied only on the stream thread (in {@code process}
 * and in the wall-clock punctuator), so every store change and every forwarded record belongs to the task's
 * transaction. An id leaves the store only when its outcome has been forwarded; after a crash, whatever is still in the
 * store is looked up again. Kafka Streams may close and init the same instance again (task suspension and revival):
 * all per-task state is rebuilt in {@code init()}.
 */
public final class LookupBatcher extends ContextualProcessor<String, CrmObjectChangeEvent, String, Emission> {
    private final BatchPolicy policy;
    private final AssociationPairs pairs;
    private final EnricherMetrics metrics;
    private final CallsInFlight calls;
    /** Shared with the instance's other tasks (null: every call alone). */
    private final CallCoalescer coalescer;
    private CallCoalescer.Lane lane;
    private long lanePublishedAt = Long.MIN_VALUE; // when this task last told its lane what it has waiting
    private final PendingClassGauge classes;
    private final BacklogEnd backlogEnd;
    private final Map<Long, Long> portalPausedUntil = new HashMap<>();
    private final List<Cancellable> punctuations = new ArrayList<>();
    private PendingLookups pending;
    private ChangeOrder order;

    public LookupBatcher(BatchPolicy policy, AssociationPairs pairs, AssociationsReader reader, EnricherMetrics metrics) {
        this(policy, pairs, reader, metrics, null, null);
    }

    /**
     * @param coalescer     shared with the instance's other tasks (null: every call alone)
     * @param instanceInput what the instance knows of its input: when its intake last took a record, and whether its
     *                      consumers have read every partition to its end (null: part-full groups always wait out
     *                      {@code batch.max-wait}, see {@link BacklogEnd})
     */
    LookupBatcher(BatchPolicy policy, AssociationPairs pairs, AssociationsReader reader, EnricherMetrics metrics,
            CallCoalescer coalescer, InputActivity instanceInput) {
        this.coalescer = coalescer;
        this.backlogEnd = new BacklogEnd(policy, instanceInput);
        this.policy = policy;
        this.pairs = pairs;
        this.metrics = metrics;
        this.calls = new CallsInFlight(reader, metrics);
        this.classes = new PendingClassGauge(metrics);
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        super.init(context);
        calls.begin();
        lane = coalescer == null ? null : coalescer.register();
        lanePublishedAt = Long.MIN_VALUE;
        portalPausedUntil.clear();
        pending = new PendingLookups(context.getStateStore(PendingLookups.STORE), metrics);
        backlogEnd.revived(pending.holdsWaitingIds());
        if (lane != null) {
            lane.waiting(pending.waitingCounts()); // restored ids can join a shared call before the first punctuation
        }
        order = new ChangeOrder(context.getStateStore(AssociationDeltaProcessor.STORE), context.getStateStore(ChangeOrder.LEGACY_STORE),
                policy.orderMemory().toMillis());
        punctuations.add(context.schedule(policy.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick));
        punctuations.add(context.schedule(ChangeOrder.sweepInterval(policy.orderMemory()), PunctuationType.WALL_CLOCK_TIME,
                order::forgetOlderThan));
    }

    @Override
    public void process(Record<String, CrmObjectChangeEvent> record) {
        long now = context().currentSystemTimeMs();
        metrics.eventIn();
        backlogEnd.took(now, record.timestamp());
        applyAnswers(now);
        CrmObjectChangeEvent event = record.value();
        long occurredAt = event.getOccurredAt().toEpochMilli();
        for (LookupCommand command : LookupPlan.commandsFor(event, pairs)) {
            // A key with a pending lookup carries its newest change time in that entry (last-emitted gets it when the
            // entry leaves the store), so a change of such a key reads and writes only the entry.
            PendingLookup entry = pending.entryOf(command.key());
            Long pendingLatest = entry == null ? null : entry.getLatestChangeOccurredAt();
            String key = command.key().toString();
            boolean admitted = switch (command.kind()) {
                case LOOKUP -> order.admitLookup(key, occurredAt, pendingLatest);
                case TOMBSTONE -> order.admitDeletion(key, occurredAt, pendingLatest);
            };
            if (!admitted) {
                metrics.staleChange();
                continue;
            }
            switch (command.kind()) {
                case LOOKUP -> pending.enqueue(command.key(), entry, event, now);
                case TOMBSTONE -> erase(command.key(), now);
            }
        }
        send(now);
    }

    private void tick(long now) {
        backlogEnd.punctuated(now);
        portalPausedUntil.values().removeIf(until -> until <= now);
        applyAnswers(now);
        pending.releaseDueBackoffs(now);
        send(now);
    }

    @Override
    public void close() {
        // In-flight answers arriving after this are ignored: their ids are still in the store and are looked up again
        // by whichever task owns them next, or by this instance when it is initialized again.
        calls.end();
        if (lane != null) {
            coalescer.deregister(lane);
            lane = null;
        }
        punctuations.forEach(Cancellable::cancel);
        punctuations.clear();
        if (pending != null) {
            pending.close();
        }
        classes.clear();
    }

    /** How many groups this task counts pending ids of (for tests: it must fall back to 0). */
    int groupsWithPendingIds() {
        return pending.groupsWithPendingIds();
    }

    private void erase(AssociationKey key, long now) {
        pending.erase(key);
        metrics.tombstone();
        context().forward(new Record<>(key.toString(), new Emission.AssociationUpdate(null), now));
    }

    /**
     * Late binding: a due group first asks its portal's pacer for a permit; only when the permit is granted are the
     * ids waiting at that moment taken (up to max-ids), so ids arriving during the pacing wait share the call. At the end
     * of a backlog ({@link BacklogEnd}) every group with waiting ids is due.
     */
    private void send(long now) {
        BacklogEndSend atBacklogEnd = backlogEnd.reached() ? this::sendsAtBacklogEnd : BacklogEndSend.NOT_AT_END;
        joinSharedCalls(now);
        useGrants(now, atBacklogEnd);
        LongPredicate paused = portal -> portalPausedUntil.getOrDefault(portal, 0L) > now;
        for (Map.Entry<Long, Integer> demand : pending.permitDemand(now, policy, atBacklogEnd, paused, this::waitingElsewhere).entrySet()) {
            long portal = demand.getKey();
            while (calls.permitsAsked(portal) < demand.getValue() && calls.freeSlots(policy.maxInFlight()) > 0) {
                calls.askPermit(portal);
            }
        }
        useGrants(now, atBacklogEnd);
        if (lane != null && now != lanePublishedAt) {
            // Once per clock reading, not per record: Kafka Streams hands a task a run of records at one reading, so
            // the other tasks see the counts after the first of them until the clock moves, and at the latest one
            // flush interval after the records stop (the punctuator publishes again). Stale counts can only make a
            // shared call start early or without a task's ids: calls, never correctness.
            lane.waiting(pending.waitingCounts());
            lanePublishedAt = now;
        }
        classes.report(pending);
    }

    /** Whether this task's waiting ids of the group fill a call with the instance's other tasks' (never without a coalescer). */
    private boolean waitingElsewhere(GroupKey group, int waitingHere, int maxIds) {
        return lane != null && coalescer.fillsCallTogether(lane, group, waitingHere, maxIds);
    }

    /**
     * At the end of a backlog, whether this task sends its waiting ids of the group now: always without a coalescer;
     * with one, only the task that opens the group's shared call does, and the others join it.
     */
    private boolean sendsAtBacklogEnd(GroupKey group, int waitingHere) {
        return lane == null || coalescer.leadsAtBacklogEnd(lane, group, waitingHere);
    }

    /** Other tasks' calls this task was asked to add its waiting ids of the same group to (not while paused). */
    private void joinSharedCalls(long now) {
        if (lane == null) {
            return;
        }
        lane.answerAsks(group -> room -> {
            if (portalPausedUntil.getOrDefault(group.portalId(), 0L) > now) {
                return null;
            }
            InFlightBatch part = pending.takeFrom(group, room);
            return part == null ? null : calls.join(part);
        });
    }

    private void useGrants(long now, BacklogEndSend atBacklogEnd) {
        CallsInFlight.Grant grant;
        while ((grant = calls.pollGrant()) != null) {
            if (portalPausedUntil.getOrDefault(grant.portal(), 0L) > now) {
                continue;
            }
            InFlightBatch batch = pending.takeGranted(grant.portal(), now, policy, atBacklogEnd, this::waitingElsewhere);
            if (batch != null) {
                // Refused (pacing backlog): the plain read meets the same backlog and defers the ids, pausing the portal.
                calls.send(batch, grant.granted(), coalescer, lane, policy.maxIds());
            }
        }
    }

    private void applyAnswers(long now) {
        CallsInFlight.Answer answer;
        while ((answer = calls.poll()) != null) {
            BatchReadResult result = answer.outcomes();
            GroupKey group = answer.batch().group();
            answer.batch().sent().forEach((id, sent) -> settle(group.keyOf(id), sent, outcomeOf(result, id), now));
        }
    }

    private static IdOutcome outcomeOf(BatchReadResult result, String id) {
        IdOutcome outcome = result.outcomes().get(id);
        return outcome != null ? outcome : new IdOutcome.Failed(FailureDetail.of(
                DeadLetterReason.UNACCOUNTED, null, "HubSpot's answer did not mention this id"));
    }

    private void settle(AssociationKey key, InFlightBatch.Sent sent, IdOutcome outcome, long now) {
        PendingLookup lookup = pending.answered(key, sent);
        if (lookup == null) {
            metrics.answerDiscarded();
            return;
        }
        if (outcome instanceof IdOutcome.Found found) {
            context().forward(new Record<>(key.toString(),
                    new Emission.AssociationUpdate(OutcomeRecords.associationEvent(lookup, found, sent.eventIds(), now)), now));
            metrics.associationEvent(PendingLookups.nullToZero(lookup.getChangeOccurredAt()), now);
            finish(key, lookup, sent, now);
        } else if (outcome instanceof IdOutcome.Failed failed) {
            deadLetter(key, lookup, sent.eventIds(), failed.detail(), failed.detail().reason(), now);
            finish(key, lookup, sent, now);
        } else if (outcome instanceof IdOutcome.Transient failure) {
            retryLater(key, lookup, sent, failure.detail(), now);
        } else if (outcome instanceof IdOutcome.Deferred deferred) {
            long until = deferred.until().toEpochMilli();
            portalPausedUntil.merge(key.portalId(), until, Math::max);
            pending.defer(key, lookup, until, now);
        }
    }

    /**
     * The outcome is out (an answer has already passed the delta processor, which wrote the key's last event); an
     * entry that leaves the store hands its newest change time to the key's last-emitted entry.
     */
    private void finish(AssociationKey key, PendingLookup lookup, InFlightBatch.Sent sent, long now) {
        Long latest = lookup.getLatestChangeOccurredAt();
        if (pending.finish(key, lookup, sent, now) && latest != null) {
            order.remember(key.toString(), latest);
        }
    }

    private void retryLater(AssociationKey key, PendingLookup lookup, InFlightBatch.Sent sent, FailureDetail detail, long now) {
        metrics.transientFailure(detail.httpStatus() == null ? "io" : String.valueOf(detail.httpStatus()));
        if (lookup.getFirstFailedAt() == null) {
            lookup.setFirstFailedAt(now);
        }
        boolean outOfAttempts = lookup.getAttempts() + 1 >= policy.maxAttempts();
        boolean tooOld = now - lookup.getFirstFailedAt() >= policy.transientMaxAge().toMillis();
        if (outOfAttempts || tooOld) {
            deadLetter(key, lookup, sent.eventIds(), detail, DeadLetterReason.RETRIES_EXHAUSTED, now);
            finish(key, lookup, sent, now);
            return;
        }
        pending.retryAfter(key, lookup, detail, now + policy.backoffAfter(lookup.getAttempts() + 1).toMillis());
    }

    /** @param answeredEventIds the change events the failed call was made for (not those that arrived since) */
    private void deadLetter(AssociationKey key, PendingLookup lookup, List<String> answeredEventIds, FailureDetail detail,
                            DeadLetterReason reason, long now) {
        AssociationDeadLetter deadLetter = OutcomeRecords.deadLetter(lookup, answeredEventIds, detail, reason, now);
        metrics.deadLetter(reason.name());
        context().forward(new Record<>(key.toString(), (Emission) new Emission.DeadLetter(deadLetter), now, DeadLetterHeaders.of(deadLetter)));
    }
}
