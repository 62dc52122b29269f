package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a batch HubSpot rejected as invalid (400) or too large (413, 414) into halves until the bad ids are isolated,
 * within a budget: one split may cost at most four calls per level of a binary split of the batch (two bad ids
 * isolated in full), so a rejection never turns into a storm of 2n-1 calls.
 *
 * <p>A 400 that names none of the batch's ids and comes back alike from both halves and from both halves of the
 * larger half is about the request itself (an unknown object type, say): every id is dead-lettered with it, for five calls. A
 * part still rejected when the budget is spent is dead-lettered with its error too, the message saying it was not
 * split further. Ids are never lost: each gets exactly one outcome.
 */
final class BatchSplitter {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Function<BatchReadRequest, CompletableFuture<HttpCallResult>> call;
    private final HubSpotCallMetrics metrics;

    BatchSplitter(Function<BatchReadRequest, CompletableFuture<HttpCallResult>> call, HubSpotCallMetrics metrics) {
        this.call = call;
        this.metrics = metrics;
    }

    /** The whole batch, or, when HubSpot rejects it as invalid or too large, its parts. */
    CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        AtomicInteger budget = new AtomicInteger(budgetFor(request.objectIds().size()));
        return call.apply(request).thenCompose(answer -> settle(request, answer, budget));
    }

    /** Calls spent splitting a batch of {@code size} ids at most, besides the first call. */
    static int budgetFor(int size) {
        return 4 * (32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1)));
    }

    private CompletableFuture<BatchReadResult> settle(BatchReadRequest request, HttpCallResult answer, AtomicInteger budget) {
        if (!splittable(answer, request)) {
            return CompletableFuture.completedFuture(answer.result());
        }
        if (!take(budget)) {
            return CompletableFuture.completedFuture(notSplit(answer.result(), "not split further: the batch's split budget is spent"));
        }
        metrics.split();
        List<BatchReadRequest> halves = halves(request);
        CompletableFuture<HttpCallResult> left = call.apply(halves.get(0));
        CompletableFuture<HttpCallResult> right = call.apply(halves.get(1));
        return left.thenCombine(right, List::of).thenCompose(both -> {
            HttpCallResult l = both.get(0);
            HttpCallResult r = both.get(1);
            if (!sameRequestLevelError(l, r, request)) {
                return merge(settle(halves.get(0), l, budget), settle(halves.get(1), r, budget));
            }
            // Two bad ids, one in each half, look the same: one more level on the larger half tells them apart.
            BatchReadRequest larger = halves.get(1);
            if (larger.objectIds().size() < 2 || !take(budget)) {
                return CompletableFuture.completedFuture(requestLevel(request, l));
            }
            metrics.split();
            List<BatchReadRequest> quarters = halves(larger);
            return call.apply(quarters.get(0)).thenCombine(call.apply(quarters.get(1)), List::of).thenCompose(q -> {
                if (sameRequestLevelError(q.get(0), q.get(1), larger)) {
                    return CompletableFuture.completedFuture(requestLevel(request, l));
                }
                return merge(settle(halves.get(0), l, budget),
                        merge(settle(quarters.get(0), q.get(0), budget), settle(quarters.get(1), q.get(1), budget)));
            });
        });
    }

    private static boolean splittable(HttpCallResult answer, BatchReadRequest request) {
        CallFailure failure = answer.failure();
        return failure != null && failure.kind().action() == CallFailure.Action.SPLIT && request.objectIds().size() >= 2;
    }

    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(left -> left >= 2 ? left - 2 : left) >= 2;
    }

    /** Both halves rejected with the same 400, which names none of the batch's ids. */
    private static boolean sameRequestLevelError(HttpCallResult left, HttpCallResult right, BatchReadRequest request) {
        CallFailure a = left.failure();
        CallFailure b = right.failure();
        if (a == null || b == null || a.kind() != CallFailure.Kind.VALIDATION || b.kind() != CallFailure.Kind.VALIDATION
                || !Objects.equals(a.httpStatus(), b.httpStatus()) || !Objects.equals(a.message(), b.message())) {
            return false;
        }
        Set<String> ids = new HashSet<>(request.objectIds());
        return !namesAny(a.message(), ids) && left.result().outcomes().values().stream()
                .noneMatch(outcome -> outcome instanceof IdOutcome.Failed failed
                        && failed.detail().context().values().stream().flatMap(List::stream).anyMatch(v -> namesAny(v, ids)));
    }

    private static boolean namesAny(String text, Set<String> ids) {
        if (text == null) {
            return false;
        }
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            if (ids.contains(number.group())) {
                return true;
            }
        }
        return false;
    }

    private static BatchReadResult requestLevel(BatchReadRequest request, HttpCallResult half) {
        FailureDetail detail = half.result().outcomes().values().stream()
                .filter(IdOutcome.Failed.class::isInstance).map(o -> ((IdOutcome.Failed) o).detail()).findFirst()
                .orElseGet(() -> FailureDetail.of(DeadLetterReason.VALIDATION, half.failure().httpStatus(), half.failure().message()));
        return BatchReadResult.all(request, new IdOutcome.Failed(detail));
    }

    private static BatchReadResult notSplit(BatchReadResult result, String why) {
        Map<String, IdOutcome> outcomes = new LinkedHashMap<>();
        result.outcomes().forEach((id, outcome) -> outcomes.put(id, outcome instanceof IdOutcome.Failed failed
                ? new IdOutcome.Failed(withNote(failed.detail(), why)) : outcome));
        return new BatchReadResult(outcomes);
    }

    private static FailureDetail withNote(FailureDetail d, String note) {
        return new FailureDetail(d.reason(), d.httpStatus(), d.category(), d.subCategory(), d.message() + " (" + note + ")",
                d.context(), d.missingScopes());
    }

    private static List<BatchReadRequest> halves(BatchReadRequest request) {
        List<String> ids = request.objectIds();
        int half = ids.size() / 2;
        return List.of(part(request, ids.subList(0, half)), part(request, ids.subList(half, ids.size())));
    }

    static BatchReadRequest part(BatchReadRequest request, List<String> ids) {
        return new BatchReadRequest(request.portalId(), request.fromObjectType(), request.toObjectType(), ids);
    }

    private static CompletableFuture<BatchReadResult> merge(CompletableFuture<BatchReadResult> a, CompletableFuture<BatchReadResult> b) {
        return a.thenCombine(b, (x, y) -> {
            Map<String, IdOutcome> both = new LinkedHashMap<>(x.outcomes());
            both.putAll(y.outcomes());
            return new BatchReadResult(both);
        });
    }
}
