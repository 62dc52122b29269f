package com.associationenricher.batching;

import com.associationenricher.events.avro.DeadLetterReason;
import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FailureDetail;
import com.associationenricher.hubspot.IdOutcome;
import com.associationenricher.ops.EnricherMetrics;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The batch/read calls of one task on their way. Answers are queued by the HTTP threads and handed out on the stream
 * thread only. Kafka Streams closes a suspended task's processors and later calls {@code init()} on the same
 * instances: each life is one generation, and an answer to a call of an earlier generation is dropped (its ids are
 * still in the store and were queued again when the new life began).
 */
final class CallsInFlight {

    /** HubSpot's answer (or the failure of the call), handed from the HTTP thread to the stream thread. */
    record Answer(InFlightBatch batch, BatchReadResult result, Throwable failure, int generation) {

        /** One outcome per id; a failed call is a transient failure of every id. */
        BatchReadResult outcomes() {
            return result != null ? result : BatchReadResult.all(batch.request(), new IdOutcome.Transient(FailureDetail.of(
                    DeadLetterReason.RETRIES_EXHAUSTED, null, "call failed: " + failure.getClass().getSimpleName())));
        }
    }

    private final AssociationsReader reader;
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
        inFlight = 0;
    }

    /** The task closes: answers still to come are dropped, and the in-flight gauge forgets this task's calls. */
    void end() {
        generation++;
        answers.clear();
        for (int i = 0; i < inFlight; i++) {
            metrics.batchCompleted();
        }
        inFlight = 0;
    }

    int freeSlots(int maxInFlight) {
        return maxInFlight - inFlight;
    }

    void send(InFlightBatch batch) {
        inFlight++;
        metrics.batchSent(batch.flushReason().tag(), batch.sent().size());
        int sentIn = generation;
        try {
            reader.read(batch.request()).whenComplete((result, failure) -> {
                if (sentIn == generation) {
                    answers.add(new Answer(batch, result, failure, sentIn));
                }
            });
        } catch (RuntimeException e) {
            answers.add(new Answer(batch, null, e, sentIn));
        }
    }

    /** The next answer of this generation, or null when none has arrived. */
    Answer poll() {
        Answer answer;
        while ((answer = answers.poll()) != null) {
            if (answer.generation() == generation) {
                inFlight--;
                metrics.batchCompleted();
                return answer;
            }
        }
        return null;
    }
}
