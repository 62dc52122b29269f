package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a batch to the end over single calls: batches HubSpot rejects as invalid or too large are split
 * ({@link BatchSplitter}), v4 / 2026-03 lists are paged to the end, and v3 lists cut at 100 can be completed through
 * v4 ({@code hubspot.complete-truncated}). Every call goes through {@code call}, the portal's policies.
 */
final class CompleteBatchReader {

    private static final int MAX_PAGES = 1_000;

    /** One batch/read call of a given API version; {@code after} holds the paging cursors of ids to resume. */
    @FunctionalInterface
    interface Call {
        CompletableFuture<HttpCallResult> call(BatchReadRequest request, AssociationsApi api, Map<String, String> after);
    }

    private final Call call;
    private final AssociationsApi api;
    private final boolean completeTruncated;
    private final HubSpotCallMetrics metrics;

    CompleteBatchReader(Call call, AssociationsApi api, boolean completeTruncated, HubSpotCallMetrics metrics) {
        this.call = call;
        this.api = api;
        this.completeTruncated = completeTruncated;
        this.metrics = metrics;
    }

    CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        return readSplitting(request, api).thenCompose(result -> completeTruncated(request, result));
    }

    private CompletableFuture<BatchReadResult> readSplitting(BatchReadRequest request, AssociationsApi version) {
        return new BatchSplitter(part -> readPaged(part, version), metrics).read(request);
    }

    /** One call, then (v4 and 2026-03) the further pages of every id HubSpot cut short. */
    private CompletableFuture<HttpCallResult> readPaged(BatchReadRequest request, AssociationsApi api) {
        return call.call(request, api, Map.of()).thenCompose(first -> {
            if (api == AssociationsApi.V3 || first.nextPages().isEmpty()) {
                return CompletableFuture.completedFuture(first);
            }
            return nextPages(request, api, new LinkedHashMap<>(first.result().outcomes()), first.nextPages(), 1)
                    .thenApply(outcomes -> new HttpCallResult(new BatchReadResult(outcomes), first.httpStatus(),
                            first.failure(), first.rateLimit(), Map.of()));
        });
    }

    private CompletableFuture<Map<String, IdOutcome>> nextPages(BatchReadRequest request, AssociationsApi api,
            Map<String, IdOutcome> outcomes, Map<String, String> cursors, int page) {
        if (cursors.isEmpty() || page >= MAX_PAGES) {
            return CompletableFuture.completedFuture(outcomes);
        }
        metrics.page();
        BatchReadRequest pageRequest = BatchSplitter.part(request, List.copyOf(cursors.keySet()));
        return call.call(pageRequest, api, cursors).thenCompose(answer -> {
            Map<String, String> next = new LinkedHashMap<>();
            answer.result().outcomes().forEach((id, outcome) -> {
                if (outcome instanceof IdOutcome.Found more && outcomes.get(id) instanceof IdOutcome.Found sofar) {
                    List<FoundAssociation> all = new ArrayList<>(sofar.associations());
                    all.addAll(more.associations());
                    outcomes.put(id, new IdOutcome.Found(all, more.complete(), more.apiVersion()));
                    String after = answer.nextPages().get(id);
                    if (after != null) {
                        next.put(id, after);
                    }
                } else {
                    // A later page failed: the id is looked up again as a whole, never half-listed.
                    outcomes.put(id, outcome);
                }
            });
            return nextPages(request, api, outcomes, next, page + 1);
        });
    }

    /** v3 with hubspot.complete-truncated: ids whose list v3 cut at 100 are read again, in full, through v4. */
    private CompletableFuture<BatchReadResult> completeTruncated(BatchReadRequest request, BatchReadResult result) {
        if (api != AssociationsApi.V3 || !completeTruncated) {
            return CompletableFuture.completedFuture(result);
        }
        List<String> truncated = result.outcomes().entrySet().stream()
                .filter(e -> e.getValue() instanceof IdOutcome.Found found && !found.complete())
                .map(Map.Entry::getKey)
                .filter(request.objectIds()::contains)
                .toList();
        if (truncated.isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        return readSplitting(BatchSplitter.part(request, truncated), AssociationsApi.V4).thenApply(v4 -> {
            Map<String, IdOutcome> merged = new LinkedHashMap<>(result.outcomes());
            v4.outcomes().forEach((id, outcome) -> {
                // A permanent v4 failure (e.g. a scope v3 did not need) keeps v3's truncated list; a transient one
                // sends the id round again so it ends complete.
                if (!(outcome instanceof IdOutcome.Failed)) {
                    merged.put(id, outcome);
                }
            });
            return new BatchReadResult(merged);
        });
    }
}
