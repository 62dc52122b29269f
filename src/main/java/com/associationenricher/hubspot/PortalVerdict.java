package com.associationenricher.hubspot;

import java.time.Instant;

/**
 * The end of one logical call through a portal's policies ({@link PortalCalls}), before it is mapped to the outcomes
 * of the items it was about: HubSpot's answer, a wait (nothing counted, the portal not called before {@code until}),
 * or a failure of the whole call that no answer carries.
 *
 * @param <R> the classified answer of the kind of call
 */
sealed interface PortalVerdict<R extends ClassifiedAnswer> {

    /** HubSpot's final answer, as classified; its failure, if any, is the answer's own (e.g. a 403 or a spent retry). */
    record Answered<R extends ClassifiedAnswer>(R answer) implements PortalVerdict<R> {
    }

    /** Call again from {@code until} on: paused portal, open circuit, full bulkhead, long Retry-After, daily limit. */
    record Wait<R extends ClassifiedAnswer>(Instant until, String message, CallFailure failure, Integer httpStatus)
            implements PortalVerdict<R> {
    }

    /**
     * No answer to go by: the token could not be had, or every attempt timed out or broke. {@code permanent} failures
     * are dead letters now; the others count an attempt.
     */
    record Unanswered<R extends ClassifiedAnswer>(FailureDetail detail, boolean permanent, CallFailure failure)
            implements PortalVerdict<R> {
    }
}
