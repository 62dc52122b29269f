package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed 200/207 batch/read answer into exactly one outcome per requested id. Pure: no I/O, no clock.
 *
 * <p>Results are matched by {@code from.id}, never by position. An error lists its ids in
 * {@code context.fromObjectId}, {@code context.ids} or {@code context.id}; NO_ASSOCIATIONS_FOUND is a valid empty
 * answer and may name its id only in the message. An error naming no ids applies to every id not otherwise answered
 * (except NO_ASSOCIATIONS_FOUND, which would otherwise claim "no associations" for ids HubSpot never mentioned).
 * Ids HubSpot did not mention at all become UNACCOUNTED dead letters, or CANCELED when the batch was canceled.
 * Ids in the answer that were not requested are ignored; the first answer for an id wins.
 */
final class BatchResponseClassifier {

    static final String API_VERSION = "v3";
    static final String NO_ASSOCIATIONS_FOUND = "crm.associations.NO_ASSOCIATIONS_FOUND";
    private static final List<String> ID_KEYS = List.of("fromObjectId", "ids", "id");
    /** "No company is associated with deal 123." -> 123 */
    private static final Pattern ID_IN_MESSAGE = Pattern.compile("associated with .*?(\\S+?)\\.?\\s*$");

    private BatchResponseClassifier() {
    }

    public static BatchReadResult classify(BatchReadRequest request, int httpStatus, BatchReadResponse response) {
        return classify(request, httpStatus, response, API_VERSION);
    }

    /** As {@link #classify(BatchReadRequest, int, BatchReadResponse)}, for an answer of the given API version. */
    public static BatchReadResult classify(BatchReadRequest request, int httpStatus, BatchReadResponse response,
            String apiVersion) {
        Set<String> requested = new LinkedHashSet<>(request.objectIds());
        Map<String, IdOutcome> answered = new LinkedHashMap<>();

        for (BatchReadResponse.Result result : response.results()) {
            String id = result.from() == null ? null : result.from().id();
            if (id != null && requested.contains(id)) {
                answered.putIfAbsent(id, found(result, apiVersion));
            }
        }

        List<IdOutcome> forUnnamedIds = new ArrayList<>();
        for (HubSpotError error : response.errors()) {
            boolean noAssociations = NO_ASSOCIATIONS_FOUND.equals(error.subCategoryText());
            IdOutcome outcome = noAssociations
                    ? new IdOutcome.Found(List.of(), true, apiVersion)
                    : new IdOutcome.Failed(objectError(httpStatus, error));
            List<String> ids = idsOf(error, noAssociations);
            if (ids.isEmpty() && !noAssociations) {
                forUnnamedIds.add(outcome);
            }
            ids.stream().filter(requested::contains).forEach(id -> answered.putIfAbsent(id, outcome));
        }

        Map<String, IdOutcome> outcomes = new LinkedHashMap<>();
        for (String id : requested) {
            IdOutcome outcome = answered.get(id);
            if (outcome == null && !forUnnamedIds.isEmpty()) {
                outcome = forUnnamedIds.get(0);
            }
            outcomes.put(id, outcome != null ? outcome : unanswered(httpStatus, response.isCanceled()));
        }
        return new BatchReadResult(outcomes);
    }

    /** The {@code paging.next.after} of every requested id whose list HubSpot cut short. */
    public static Map<String, String> nextPages(BatchReadRequest request, BatchReadResponse response) {
        Set<String> requested = new LinkedHashSet<>(request.objectIds());
        Map<String, String> next = new LinkedHashMap<>();
        for (BatchReadResponse.Result result : response.results()) {
            String id = result.from() == null ? null : result.from().id();
            if (id != null && requested.contains(id) && !result.complete()) {
                next.putIfAbsent(id, result.paging().next().after());
            }
        }
        return next;
    }

    private static IdOutcome found(BatchReadResponse.Result result, String apiVersion) {
        List<FoundAssociation> associations = new ArrayList<>();
        for (BatchReadResponse.AssociatedId to : result.to()) {
            if (to == null) {
                continue;
            }
            if (to.id() != null) {
                associations.add(FoundAssociation.v3(to.id(), to.type()));
            } else if (to.toObjectId() != null) {
                // v4: one entry per (object, association type), so a twice-labelled object gives two entries.
                String target = Long.toString(to.toObjectId());
                if (to.associationTypes().isEmpty()) {
                    associations.add(new FoundAssociation(target, null, null, null, null));
                }
                to.associationTypes().forEach(type -> associations.add(
                        new FoundAssociation(target, null, type.typeId(), type.category(), type.label())));
            }
        }
        return new IdOutcome.Found(associations, result.complete(), apiVersion);
    }

    private static FailureDetail objectError(int httpStatus, HubSpotError error) {
        return new FailureDetail(DeadLetterReason.OBJECT_ERROR, httpStatus, error.category(), error.subCategoryText(),
                error.message(), ErrorContext.parse(error.context()), List.of());
    }

    private static IdOutcome unanswered(int httpStatus, boolean canceled) {
        return canceled
                ? new IdOutcome.Failed(FailureDetail.of(DeadLetterReason.CANCELED, httpStatus,
                        "HubSpot canceled the batch before answering this id"))
                : new IdOutcome.Failed(FailureDetail.of(DeadLetterReason.UNACCOUNTED, httpStatus,
                        "HubSpot's answer neither listed this id in results nor in errors"));
    }

    static List<String> idsOf(HubSpotError error, boolean mayParseMessage) {
        Map<String, List<String>> context = ErrorContext.parse(error.context());
        List<String> ids = new ArrayList<>();
        ID_KEYS.forEach(key -> ids.addAll(context.getOrDefault(key, List.of())));
        if (ids.isEmpty() && mayParseMessage) {
            idInMessage(error.message()).ifPresent(ids::add);
        }
        return ids;
    }

    static Optional<String> idInMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = ID_IN_MESSAGE.matcher(message.strip());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
