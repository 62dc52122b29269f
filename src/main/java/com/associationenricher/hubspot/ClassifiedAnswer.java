package com.associationenricher.hubspot;

/**
 * What the portal's policies need to know of one HTTP answer, whatever the call: its status and, when it was not a
 * clean final answer, the classified {@link CallFailure}. {@link HttpCallResult} is the batch/read one; another kind of
 * call (an object listing, say) brings its own.
 */
interface ClassifiedAnswer {

    /** Why the answer was not clean and final, null when it was. */
    CallFailure failure();

    /** HubSpot's status, null when no answer arrived. */
    Integer httpStatus();
}
