package com.associationenricher.batching;

import com.associationenricher.hubspot.AssociationsReader;
import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.FoundAssociation;
import com.associationenricher.hubspot.IdOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A stand-in for the HTTP client in TopologyTestDriver tests, where no network belongs: records each call and lets the
 * test decide when and how it completes, which is what in-flight behaviour needs. Integration tests use the real client
 * against a real HTTP server instead.
 */
final class ScriptedReader implements AssociationsReader {
    record Call(BatchReadRequest request, CompletableFuture<BatchReadResult> answer) {
        void answer(Function<String, IdOutcome> outcomePerId) {
            Map<String, IdOutcome> outcomes = new LinkedHashMap<>();
            request.objectIds().forEach(id -> outcomes.put(id, outcomePerId.apply(id)));
            answer.complete(new BatchReadResult(outcomes));
        }

        void answerFound() {
            answer(ScriptedReader::found);
        }
    }

    final List<Call> calls = new ArrayList<>();
    /** The calls sent with a permit already held ({@link #readWithPermit}). */
    final List<BatchReadRequest> withPermit = new ArrayList<>();
    /** Permits asked for while {@link #gatePermits} is on, completed by the test; otherwise granted at once. */
    final List<CompletableFuture<Void>> permits = new ArrayList<>();
    boolean gatePermits;

    @Override
    public CompletableFuture<Void> permit(long portalId) {
        CompletableFuture<Void> permit = gatePermits ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        permits.add(permit);
        return permit;
    }

    @Override
    public CompletableFuture<BatchReadResult> readWithPermit(BatchReadRequest request) {
        withPermit.add(request);
        return read(request);
    }

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        Call call = new Call(request, new CompletableFuture<>());
        calls.add(call);
        return call.answer();
    }

    Call last() {
        return calls.get(calls.size() - 1);
    }

    /** A deterministic association for every id: the id itself plus 1000, of type "x_to_y". */
    static IdOutcome found(String id) {
        return new IdOutcome.Found(List.of(FoundAssociation.v3(String.valueOf(Long.parseLong(id) + 1000), "x_to_y")), true, "v3");
    }
}
