package com.associationenricher.events;

/**
 * What Confluent Schema Registry error codes mean, in words an operator can act on. The codes are shared by the
 * Confluent-compatible registries (Apicurio ccompat, Karapace, Redpanda).
 */
final class RegistryErrors {

    private RegistryErrors() {
    }

    static String meaning(int errorCode, int httpStatus) {
        return switch (errorCode) {
            case 40101, 401 -> "authentication failed, check the registry credentials";
            case 40301, 403 -> "the credentials are not allowed to do this";
            case 40401 -> "subject not found";
            case 40402 -> "version not found";
            case 40403 -> "schema not found";
            case 409 -> "the schema is incompatible with an earlier version of the subject under the registry's compatibility rule";
            case 42201 -> "the registry rejected the schema as invalid";
            case 42202 -> "invalid version";
            case 42203 -> "invalid compatibility level";
            case 50001 -> "the registry's backend store failed";
            case 50002 -> "the registry's operation timed out";
            case 50003 -> "the registry could not forward the request to its leader";
            default -> httpStatus == 404 ? "not found (is the registry URL, including its path, right?)"
                    : httpStatus >= 500 ? "the registry failed" : "unexpected answer";
        };
    }
}
