package com.associationenricher.hubspot;

import java.util.List;

/**
 * The body of a batch/read answer (HTTP 200 or 207), v3 or v4 / 2026-03: both shapes read into the same records (v3
 * fills {@code to[].id} and {@code type}, v4 {@code to[].toObjectId} and {@code associationTypes}). Absent lists are
 * read as empty; {@code results} is not in input order.
 */
record BatchReadResponse(String status, List<Result> results, List<HubSpotError> errors, Integer numErrors) {

    public BatchReadResponse {
        results = results == null ? List.of() : results;
        errors = errors == null ? List.of() : errors;
    }

    /** PENDING and PROCESSING mean HubSpot has not finished; a missing status is taken as COMPLETE. */
    public boolean isFinal() {
        return !"PENDING".equalsIgnoreCase(status) && !"PROCESSING".equalsIgnoreCase(status);
    }

    public boolean isCanceled() {
        return "CANCELED".equalsIgnoreCase(status);
    }

    /** The associations of one object; {@code paging.next.after} set means HubSpot cut the list at 100. */
    public record Result(ObjectId from, List<AssociatedId> to, Paging paging) {
        public Result {
            to = to == null ? List.of() : to;
        }

        public boolean complete() {
            return paging == null || paging.next() == null || paging.next().after() == null;
        }
    }

    public record ObjectId(String id) {
    }

    /** One associated object: v3 {@code {id, type}}, v4 {@code {toObjectId, associationTypes[]}}. */
    public record AssociatedId(String id, String type, Long toObjectId, List<AssociationType> associationTypes) {
        public AssociatedId {
            associationTypes = associationTypes == null ? List.of() : associationTypes;
        }

        public AssociatedId(String id, String type) {
            this(id, type, null, List.of());
        }
    }

    /** A v4 association type: HUBSPOT_DEFINED, USER_DEFINED or INTEGRATOR_DEFINED, its id and optional label. */
    public record AssociationType(String category, Integer typeId, String label) {
    }

    public record Paging(NextPage next) {
    }

    public record NextPage(String after, String link) {
    }
}
