package com.associationenricher.hubspot;

/**
 * Maps a batch/read call's {@link PortalVerdict} to one outcome per id: HubSpot's answer as classified, every id
 * {@link IdOutcome.Deferred} for a wait (no attempt counted), or every id failed (dead letter now) or transient (an
 * attempt) when no answer could be had.
 */
final class BatchCallOutcomes {

    private BatchCallOutcomes() {
    }

    static HttpCallResult of(BatchReadRequest request, PortalVerdict<HttpCallResult> verdict) {
        if (verdict instanceof PortalVerdict.Answered<HttpCallResult> answered) {
            return answered.answer();
        }
        if (verdict instanceof PortalVerdict.Wait<HttpCallResult> wait) {
            FailureDetail detail = FailureDetail.of(com.associationenricher.events.avro.DeadLetterReason.RETRIES_EXHAUSTED,
                    wait.httpStatus(), wait.message());
            return new HttpCallResult(BatchReadResult.all(request, new IdOutcome.Deferred(wait.until(), detail)),
                    wait.httpStatus(), wait.failure(), null);
        }
        PortalVerdict.Unanswered<HttpCallResult> unanswered = (PortalVerdict.Unanswered<HttpCallResult>) verdict;
        IdOutcome outcome = unanswered.permanent()
                ? new IdOutcome.Failed(unanswered.detail()) : new IdOutcome.Transient(unanswered.detail());
        return new HttpCallResult(BatchReadResult.all(request, outcome), null, unanswered.failure(), null);
    }
}
