package com.associationenricher.config;

/** Which HubSpot associations batch/read API to call. */
public enum AssociationsApi implements ConfigChoice {
    V3("v3"),
    V4("v4"),
    /** The date-versioned API. */
    V2026_03("2026-03");

    private final String configValue;

    AssociationsApi(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
