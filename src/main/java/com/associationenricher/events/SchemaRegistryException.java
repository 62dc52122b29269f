package com.associationenricher.events;

/**
 * A Schema Registry refused or failed a request. {@link #errorCode()} is the registry's own error code
 * (40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema, 50001 store error, ...),
 * or the HTTP status when the answer carried none, or -1 when no answer came at all (timeout, connection refused).
 * The message names the subject or id and the registry URL, never a credential.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int errorCode;

    public SchemaRegistryException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int errorCode) {
        this(message, errorCode, null);
    }

    public int errorCode() {
        return errorCode;
    }

    /** True when the registry says the subject or id does not exist (as opposed to being unreachable or failing). */
    public boolean isNotFound() {
        return errorCode == 40401 || errorCode == 40402 || errorCode == 40403 || errorCode == 404;
    }
}
