package com.associationenricher.ingress;

/** What a request got, and why: logged and counted, never with the body. */
record RequestAnswer(IngressOutcome outcome, String reason, int bytes) {
}
