package com.associationenricher.batching;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch/read calls of one task on their way. Answers are queued by the HTTP threads and handed out on the stream
 * thread only. Kafka Streams closes a suspended task's processors and later calls {@code init()} on the same
 * instances: each life is one generation, and an answer to a call of an earlier generation is dropped (its ids are
 * still in the store and were queued again when the new life began).
 */
final class CallsInFlight {
    private static final Logger LOG = LoggerFactory.getLogger(CallsInFlight.class);

    /** HubSpot's answer (or the failure of the call), handed from the HTTP thread to the stream thread. */
    record Answer(InFlightBatch batch, BatchReadResult result, Throwable failure, int generation, boolean ownCall) {

        /** One outcome per id; a failed call is a transient failure of every id. */
        BatchReadResult outcomes() {
            return result != null ? result : BatchReadResult.all(batch.request(), new IdOutcome.Transient(FailureDetail.of(
                    DeadLetterReason.RETRIES_EXHAUSTED, null, "call failed: " + failure.getClass().getSimpleName())));
        }
    }

    /** A pacer permit for a call to {@code portal} (or, when not {@code granted}, none soon), for the stream thread. */
    record Grant(long portal, boolean granted, int generation) {
    }

    private final AssociationsReader reader;
    private final Queue<Grant> grants = new ConcurrentLinkedQueue<>();
    private final Map<Long, Integer> permitsAsked = new HashMap<>();
    private int permitsOutstanding;
    private final EnricherMetrics metrics;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile int generation;
    private int inFlight;

    CallsInFlight(AssociationsReader reader, EnricherMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    /** A new life of the task: nothing of the previous one is in flight any more. */
    void begin() {
        generation++;
        answers.clear();
        clearPermits();
        inFlight = 0;
    }

    /** The task closes: answers still to come are dropped, and the in-flight gauge forgets this task's calls. */
    void end() {
        generation++;
        answers.clear();
        clearPermits();
        for (int i = 0; i < inFlight; i++) {
            metrics.batchCompleted();
        }
        inFlight = 0;
    }

    /** A permit asked for counts as a call in flight: it becomes one when granted. */
    int freeSlots(int maxInFlight) {
        return maxInFlight - inFlight - permitsOutstanding;
    }

    int permitsAsked(long portal) {
        return permitsAsked.getOrDefault(portal, 0);
    }

    /** Asks the portal's pacer for a permit; the grant is handed out by {@link #pollGrant} on the stream thread. */
    void askPermit(long portal) {
        permitsAsked.merge(portal, 1, Integer::sum);
        permitsOutstanding++;
        int askedIn = generation;
        CompletableFuture<Void> permit;
        try {
            permit = reader.permit(portal);
        } catch (RuntimeException e) {
            permit = CompletableFuture.failedFuture(e);
        }
        permit.whenComplete((ok, failure) -> {
            if (askedIn == generation) {
                grants.add(new Grant(portal, failure == null, askedIn));
            }
        });
    }

    /** The next permit of this generation granted (or refused), or null. */
    Grant pollGrant() {
        Grant grant;
        while ((grant = grants.poll()) != null) {
            if (grant.generation() == generation) {
                permitsAsked.merge(grant.portal(), -1, (a, b) -> a + b == 0 ? null : a + b);
                permitsOutstanding--;
                return grant;
            }
        }
        return null;
    }

    private void clearPermits() {
        grants.clear();
        permitsAsked.clear();
        permitsOutstanding = 0;
    }

    /** Sends the call; {@code permitHeld}: its first attempt uses the permit of a grant. */
    void send(InFlightBatch batch, boolean permitHeld) {
        send(batch, permitHeld, null, null, 0);
    }

    /**
     * Sends the call, shared through {@code coalescer} with the instance's other tasks when it is not full and they
     * have ids of its group waiting (null: alone).
     */
    void send(InFlightBatch batch, boolean permitHeld, CallCoalescer coalescer, CallCoalescer.Lane lane, int maxIds) {
        inFlight++;
        metrics.batchSent(batch.flushReason().tag(), batch.sent().size());
        LOG.debug("Call for {} ids of {}, flushed by {}", batch.sent().size(), batch.group(), batch.flushReason().tag());
        Function<BatchReadRequest, CompletableFuture<BatchReadResult>> call =
                request -> permitHeld ? reader.readWithPermit(request) : reader.read(request);
        CallCoalescer.Part seed = new CallCoalescer.Part(batch, deliverer(batch, generation, true));
        if (coalescer != null && coalescer.open(lane, seed, maxIds, call)) {
            return;
        }
        try {
            call.apply(batch.request()).whenComplete(seed.deliver());
        } catch (RuntimeException e) {
            answers.add(new Answer(batch, null, e, generation, true));
        }
    }

    /** This task's ids in another task's call: not a call of its own, so no call slot; answered like one. */
    CallCoalescer.Part join(InFlightBatch part) {
        return new CallCoalescer.Part(part, deliverer(part, generation, false));
    }

    private BiConsumer<BatchReadResult, Throwable> deliverer(InFlightBatch batch, int sentIn, boolean ownCall) {
        return (result, failure) -> {
            if (sentIn == generation) {
                answers.add(new Answer(batch, result, failure, sentIn, ownCall));
            }
        };
    }

    /** The next answer of this generation, or null when none has arrived. */
    Answer poll() {
        Answer answer;
        while ((answer = answers.poll()) != null) {
            if (answer.generation() == generation) {
                if (answer.ownCall()) {
                    inFlight--;
                    metrics.batchCompleted();
                }
                return answer;
            }
        }
        return null;
    }
}
