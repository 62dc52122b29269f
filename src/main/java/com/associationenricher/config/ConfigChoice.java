package com.associationenricher.config;

/** An enum whose constants are written in config files by a spelling of their own ({@code hubspot-webhook-json}). */
public interface ConfigChoice {

    String configValue();
}
