package com.associationenricher.config;

/** How records on the input topic are encoded. */
public enum InputFormat implements ConfigChoice {
    /** {@code CrmObjectChangeEvent} in Confluent wire format. */
    AVRO("avro"),
    /** HubSpot's webhook payload as delivered, a JSON array of change events. */
    HUBSPOT_WEBHOOK_JSON("hubspot-webhook-json");

    private final String configValue;

    InputFormat(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
