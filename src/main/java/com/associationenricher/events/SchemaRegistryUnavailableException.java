package com.associationenricher.events;

/**
 * The registry could not give an answer right now: no connection, no answer in time, a 5xx, or credentials it
 * refuses (401/403, fixed by the operator, not by the record). Unlike "no such id", this says nothing about the
 * record: callers retry it and never dead-letter it.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message, int errorCode, Throwable cause) {
        super(message, errorCode, cause);
    }

    /** Whether an answer with this registry error code (or HTTP status) means "try again later". */
    static boolean isUnavailable(int errorCode, int httpStatus) {
        return httpStatus >= 500 || httpStatus == 401 || httpStatus == 403 || httpStatus == 408 || httpStatus == 429
                || errorCode / 100 == 500;
    }
}
