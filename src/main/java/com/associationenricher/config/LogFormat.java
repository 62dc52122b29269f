package com.associationenricher.config;

/** Log line layout: text for people, json for log collectors. */
public enum LogFormat implements ConfigChoice {
    TEXT("text"),
    JSON("json");

    private final String configValue;

    LogFormat(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
