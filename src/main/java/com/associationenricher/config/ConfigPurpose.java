package com.associationenricher.config;

/**
 * What the configuration is loaded for. The service needs HubSpot credentials; operator tools that only read and
 * write Kafka topics (dead-letter inspection and replay, tail) must work on a workstation without them, with the
 * same file and {@code ENRICHER_*} variables as the service otherwise.
 */
public enum ConfigPurpose {
    /** The enricher itself: every key is validated, HubSpot credentials included. */
    SERVICE(true),
    /** Kafka-only tools: HubSpot credential keys are neither required nor checked. */
    TOOLS(false),
    /** The webhook ingress: calls no HubSpot API, but needs the app secrets that sign HubSpot's webhooks. */
    INGRESS(false);

    private final boolean requireHubSpotCredentials;

    ConfigPurpose(boolean requireHubSpotCredentials) {
        this.requireHubSpotCredentials = requireHubSpotCredentials;
    }

    public boolean requireHubSpotCredentials() {
        return requireHubSpotCredentials;
    }
}
