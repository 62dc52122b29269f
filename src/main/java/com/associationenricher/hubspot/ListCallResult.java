package com.associationenricher.hubspot;

/**
 * One object-list call, classified: the page when HubSpot answered cleanly, otherwise the {@link CallFailure} the
 * policies act on and the failure's detail (missing scopes of a 403). {@code total} is the object count of a search
 * call, null for a list call.
 */
record ListCallResult(ObjectListing.Page page, Integer httpStatus, CallFailure failure, FailureDetail detail, Long total) {

    ListCallResult(ObjectListing.Page page, Integer httpStatus, CallFailure failure, FailureDetail detail) {
        this(page, httpStatus, failure, detail, null);
    }

    static ListCallResult failed(Integer status, CallFailure failure, FailureDetail detail) {
        return new ListCallResult(null, status, failure, detail, null);
    }
}
