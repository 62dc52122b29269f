package com.associationenricher.config;

import java.util.Locale;

/**
 * One documented configuration key. {@code expectedForm} completes the sentence "must be ..." in error messages;
 * a secret's value is never echoed, printed or documented.
 */
public record ConfigKey(String name, String defaultValue, String description, boolean secret, String expectedForm) {

    public static final String ENV_PREFIX = "ENRICHER_";

    /** The environment variable that overrides this key, e.g. {@code ENRICHER_HUBSPOT_BASE_URL}. */
    public String envVariable() {
        return envVariableOf(name);
    }

    public static String envVariableOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** How error messages name the key: both spellings, so either the file or the environment can be fixed. */
    String label() {
        return name + " (" + envVariable() + ")";
    }
}
