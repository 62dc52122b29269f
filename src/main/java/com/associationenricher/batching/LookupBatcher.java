package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.dlq.DeadLetterHeaders;
import com.associationenricher.events.AssociationKey;
import com.associationenricher.events.avro.AssociationDeadLetter;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.events.avro.PendingLookup;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The heart of the enricher: collects the ids that need a lookup in a persistent, changelogged store, sends them to
 * HubSpot in batches per (portal, object-type pair) when a batch is full or its oldest id has waited long enough, and
 * forwards each id's outcome when the answer arrives.
 *
 * <p>Calls are asynchronous: answers are queued by the HTTP threads and applied only on the stream thread (in
 * {@code process} and in the wall-clock punctuator), so every store change and every forwarded record belongs to the
 * task's transaction. An id leaves the store only when its outcome has been forwarded; after a crash, whatever is still
 * in the store is looked up again.
 */
public final class LookupBatcher extends ContextualProcessor<String, CrmObjectChangeEvent, String, Emission> {
    public static final String STORE = "pending-lookups";
    public static final String ORDER_STORE = ChangeOrder.STORE;
    static final int MAX_EVENT_IDS = 20;

    private final BatchPolicy policy;
    private final AssociationPairs pairs;
    private final AssociationsReader reader;
    private final EnricherMetrics metrics;
    private final Queue<InFlightBatch.Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<Long, Long> portalPausedUntil = new HashMap<>();
    private final PendingIndex index = new PendingIndex();
    private KeyValueStore<String, PendingLookup> store;
    private ChangeOrder order;
    private int batchesInFlight;
    /** Store entries per group, mirrored into the per-group gauge; subtracted again when the task closes. */
    private final Map<GroupKey, Long> pendingByGroup = new HashMap<>();
    private volatile boolean closed;
    private final PendingClassGauge classes;

    public LookupBatcher(BatchPolicy policy, AssociationPairs pairs, AssociationsReader reader, EnricherMetrics metrics) {
        this.policy = policy;
        this.pairs = pairs;
        this.reader = reader;
        this.metrics = metrics;
        this.classes = new PendingClassGauge(metrics);
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        try (KeyValueIterator<String, PendingLookup> all = store.all()) {
            all.forEachRemaining(kv -> {
                AssociationKey key = AssociationKey.parse(kv.key);
                if (kv.value.getNotBefore() > 0) {
                    index.backOff(key, kv.value.getNotBefore());
                } else {
                    index.addWaiting(key, kv.value.getPendingSince());
                }
                pending(key, 1);
            });
        }
        order = new ChangeOrder(context.getStateStore(ORDER_STORE), policy.orderMemory().toMillis());
        context.schedule(policy.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        Duration sweep = policy.orderMemory().dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                ? policy.orderMemory().dividedBy(10) : Duration.ofMinutes(1);
        context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME, order::forgetOlderThan);
    }

    @Override
    public void process(Record<String, CrmObjectChangeEvent> record) {
        long now = context().currentSystemTimeMs();
        metrics.eventIn();
        applyAnswers(now);
        CrmObjectChangeEvent event = record.value();
        long occurredAt = event.getOccurredAt().toEpochMilli();
        for (LookupCommand command : LookupPlan.commandsFor(event, pairs)) {
            if (!order.admit(command.key().toString(), occurredAt, command.kind() == LookupCommand.Kind.TOMBSTONE)) {
                metrics.staleChange();
                continue;
            }
            switch (command.kind()) {
                case LOOKUP -> enqueue(command.key(), event, now);
                case TOMBSTONE -> erase(command.key(), now);
            }
        }
        send(now);
    }

    private void tick(long now) {
        applyAnswers(now);
        index.releaseDueBackoffs(now);
        send(now);
    }

    @Override
    public void close() {
        // In-flight answers arriving after this are ignored: their ids are still in the store and are looked up again
        // by whichever task owns them next.
        closed = true;
        pendingByGroup.forEach((group, count) -> metrics.pendingDelta(group.portalId(), group.fromObjectType(), group.toObjectType(), -count));
        pendingByGroup.clear();
        classes.clear();
        for (int i = 0; i < batchesInFlight; i++) {
            metrics.batchCompleted();
        }
    }

    private void enqueue(AssociationKey key, CrmObjectChangeEvent event, long now) {
        String storeKey = key.toString();
        PendingLookup existing = store.get(storeKey);
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (existing == null) {
            store.put(storeKey, PendingLookup.newBuilder()
                    .setPortalId(key.portalId())
                    .setFromObjectType(key.fromObjectType())
                    .setObjectId(key.objectId())
                    .setToObjectType(key.toObjectType())
                    .setLineage(ThreadLocalRandom.current().nextLong())
                    .setVersion(0)
                    .setPendingSince(now)
                    .setChangeOccurredAt(occurredAt)
                    .setLatestChangeOccurredAt(occurredAt)
                    .setTriggeringEventIds(List.of(event.getEventId()))
                    .build());
            pending(key, 1);
            metrics.lookupRequested();
            index.addWaiting(key, now, LookupClass.of(event));
            return;
        }
        existing.setVersion(existing.getVersion() + 1);
        existing.setTriggeringEventIds(appendCapped(existing.getTriggeringEventIds(), event.getEventId()));
        existing.setLatestChangeOccurredAt(Math.max(occurredAt, nullToZero(existing.getLatestChangeOccurredAt())));
        if (existing.getChangeOccurredAt() == null || occurredAt < existing.getChangeOccurredAt()) {
            existing.setChangeOccurredAt(occurredAt);
        }
        store.put(storeKey, existing);
        index.addWaiting(key, now, LookupClass.of(event));
    }

    private void erase(AssociationKey key, long now) {
        if (store.delete(key.toString()) != null) {
            pending(key, -1);
        }
        index.remove(key);
        metrics.tombstone();
        context().forward(new Record<>(key.toString(), new Emission.AssociationUpdate(null), now));
    }

    private void send(long now) {
        classes.report(index);
        int slots = policy.maxInFlight() - batchesInFlight;
        if (slots <= 0) {
            return;
        }
        List<PendingIndex.ReadyBatch> ready = index.takeReady(
                now, policy.maxIds(), policy.maxWait().toMillis(), slots, portal -> portalPausedUntil.getOrDefault(portal, 0L) > now);
        for (PendingIndex.ReadyBatch batch : ready) {
            Map<String, InFlightBatch.Sent> sent = new LinkedHashMap<>();
            for (String id : batch.objectIds()) {
                PendingLookup lookup = store.get(batch.group().keyOf(id).toString());
                if (lookup == null) {
                    // Cannot happen while index and store agree; an id without an entry is simply not asked for.
                    index.answered(batch.group().keyOf(id));
                    continue;
                }
                sent.put(id, new InFlightBatch.Sent(lookup.getLineage(), lookup.getVersion(), List.copyOf(lookup.getTriggeringEventIds())));
            }
            if (sent.isEmpty()) {
                continue;
            }
            GroupKey group = batch.group();
            InFlightBatch inFlight = new InFlightBatch(
                    new BatchReadRequest(group.portalId(), group.fromObjectType(), group.toObjectType(), List.copyOf(sent.keySet())),
                    sent, batch.reason());
            batchesInFlight++;
            metrics.batchSent(batch.reason(), sent.size());
            call(inFlight);
        }
        classes.report(index);
    }

    private void call(InFlightBatch batch) {
        try {
            reader.read(batch.request()).whenComplete((result, failure) -> {
                if (!closed) {
                    answers.add(new InFlightBatch.Answer(batch, result, failure));
                }
            });
        } catch (RuntimeException e) {
            answers.add(new InFlightBatch.Answer(batch, null, e));
        }
    }

    private void applyAnswers(long now) {
        InFlightBatch.Answer answer;
        while ((answer = answers.poll()) != null) {
            batchesInFlight--;
            metrics.batchCompleted();
            BatchReadResult result = answer.result() != null
                    ? answer.result()
                    : BatchReadResult.all(answer.batch().request(), new IdOutcome.Transient(FailureDetail.of(
                            DeadLetterReason.RETRIES_EXHAUSTED, null, "call failed: " + answer.failure().getClass().getSimpleName())));
            GroupKey group = new GroupKey(answer.batch().request().portalId(),
                    answer.batch().request().fromObjectType(), answer.batch().request().toObjectType());
            answer.batch().sent().forEach((id, sent) -> settle(group.keyOf(id), sent, outcomeOf(result, id), now));
        }
    }

    private static IdOutcome outcomeOf(BatchReadResult result, String id) {
        IdOutcome outcome = result.outcomes().get(id);
        return outcome != null ? outcome : new IdOutcome.Failed(FailureDetail.of(
                DeadLetterReason.UNACCOUNTED, null, "HubSpot's answer did not mention this id"));
    }

    private void settle(AssociationKey key, InFlightBatch.Sent sent, IdOutcome outcome, long now) {
        index.answered(key);
        String storeKey = key.toString();
        PendingLookup lookup = store.get(storeKey);
        if (lookup == null || lookup.getLineage() != sent.lineage()) {
            // Deleted or merged away while in flight: its tombstone is already out and must not be overwritten.
            metrics.answerDiscarded();
            if (lookup != null) {
                index.addWaiting(key, lookup.getPendingSince());
            }
            return;
        }
        if (outcome instanceof IdOutcome.Found found) {
            context().forward(new Record<>(storeKey, new Emission.AssociationUpdate(OutcomeRecords.associationEvent(lookup, found, sent.eventIds(), now)), now));
            metrics.associationEvent(nullToZero(lookup.getChangeOccurredAt()), now);
            finish(key, lookup, sent, now);
        } else if (outcome instanceof IdOutcome.Failed failed) {
            deadLetter(key, lookup, sent.eventIds(), failed.detail(), failed.detail().reason(), now);
            finish(key, lookup, sent, now);
        } else if (outcome instanceof IdOutcome.Transient failure) {
            retryLater(key, lookup, sent, failure.detail(), now);
        } else if (outcome instanceof IdOutcome.Deferred deferred) {
            long until = deferred.until().toEpochMilli();
            portalPausedUntil.merge(key.portalId(), until, Math::max);
            lookup.setNotBefore(until);
            store.put(storeKey, lookup);
            index.backOff(key, until);
        }
    }

    /** The id got its outcome: it leaves the store, unless it changed meanwhile and needs a fresh lookup. */
    private void finish(AssociationKey key, PendingLookup lookup, InFlightBatch.Sent sent, long now) {
        if (lookup.getVersion() == sent.version()) {
            store.delete(key.toString());
            pending(key, -1);
            return;
        }
        Set<String> answered = new HashSet<>(sent.eventIds());
        lookup.setTriggeringEventIds(new ArrayList<>(lookup.getTriggeringEventIds().stream().filter(id -> !answered.contains(id)).toList()));
        lookup.setChangeOccurredAt(lookup.getLatestChangeOccurredAt());
        lookup.setPendingSince(now);
        lookup.setAttempts(0);
        lookup.setFirstFailedAt(null);
        lookup.setNotBefore(0L);
        store.put(key.toString(), lookup);
        index.addWaiting(key, now);
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
        lookup.setAttempts(lookup.getAttempts() + 1);
        lookup.setLastError(detail.message());
        lookup.setLastHttpStatus(detail.httpStatus());
        long notBefore = now + policy.backoffAfter(lookup.getAttempts()).toMillis();
        lookup.setNotBefore(notBefore);
        store.put(key.toString(), lookup);
        index.backOff(key, notBefore);
    }

    /** @param answeredEventIds the change events the failed call was made for (not those that arrived since) */
    private void deadLetter(AssociationKey key, PendingLookup lookup, List<String> answeredEventIds, FailureDetail detail,
                            DeadLetterReason reason, long now) {
        AssociationDeadLetter deadLetter = OutcomeRecords.deadLetter(lookup, answeredEventIds, detail, reason, now);
        metrics.deadLetter(reason.name());
        context().forward(new Record<>(key.toString(), (Emission) new Emission.DeadLetter(deadLetter), now, DeadLetterHeaders.of(deadLetter)));
    }

    /** The serde of the change-order store, for the topology that declares it. */
    public static Serde<LastChange> lastChangeSerde() {
        return LastChange.serde();
    }

    private void pending(AssociationKey key, long delta) {
        GroupKey group = GroupKey.of(key);
        pendingByGroup.merge(group, delta, Long::sum);
        metrics.pendingDelta(group.portalId(), group.fromObjectType(), group.toObjectType(), delta);
    }

    private static List<String> appendCapped(List<String> ids, String id) {
        List<String> copy = new ArrayList<>(ids);
        copy.remove(id);
        copy.add(id);
        return copy.size() > MAX_EVENT_IDS ? new ArrayList<>(copy.subList(copy.size() - MAX_EVENT_IDS, copy.size())) : copy;
    }

    private static long nullToZero(Long value) {
        return value == null ? 0L : value;
    }
}
