package com.associationenricher.config;

/** What {@code hubspot.rate-limit.requests} is the budget of: the whole application (every instance) or one instance. */
public enum RateLimitScope implements ConfigChoice {
    /** The budget of all instances of the application together; each takes its share of the input partitions it owns. */
    CLUSTER("cluster"),
    /** The budget of each instance alone (configure your plan divided by the number of instances). */
    INSTANCE("instance");

    private final String configValue;

    RateLimitScope(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
