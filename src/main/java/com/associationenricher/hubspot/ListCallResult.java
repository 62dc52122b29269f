package com.associationenricher.hubspot;

/**
 * One object-list call, classified for the portal's policies ({@link ClassifiedAnswer}): the page when HubSpot answered
 * cleanly, otherwise the {@link CallFailure} and its detail (the missing scopes of a 403). {@code total} is the object
 * count of a search call, null for a list call.
 */
record ListCallResult(ObjectListing.Page page, Integer httpStatus, CallFailure failure, FailureDetail detail, Long total)
        implements ClassifiedAnswer {

    static ListCallResult failed(Integer status, CallFailure failure, FailureDetail detail) {
        return new ListCallResult(null, status, failure, detail, null);
    }
}
