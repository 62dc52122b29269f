package com.associationenricher.hubspot;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place that digs the real cause out of the wrappers futures put around it. */
final class AsyncErrors {

    private AsyncErrors() {
    }

    static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
