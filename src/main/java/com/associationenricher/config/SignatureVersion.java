package com.associationenricher.config;

/**
 * A version of HubSpot's request signature. v3 (HMAC with a timestamp) is the only one that resists replay;
 * v1 and v2 (plain SHA-256 of secret and request) are accepted only when configured, for old apps.
 */
public enum SignatureVersion implements ConfigChoice {
    V1("v1"),
    V2("v2"),
    V3("v3");

    private final String configValue;

    SignatureVersion(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
