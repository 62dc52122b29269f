package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.SCHEMA_REGISTRY_BEARER_TOKEN;
import static com.associationenricher.config.ConfigKeys.SCHEMA_REGISTRY_URL;
import static com.associationenricher.config.ConfigKeys.SCHEMA_REGISTRY_USER_INFO;

import java.util.Optional;

/** Where the Avro schemas live and how to authenticate; {@code mock://name} means an in-process registry. */
public record SchemaRegistrySettings(String url, Optional<String> basicAuthUserInfo, Optional<String> bearerToken) {

    /** The {@code schema-registry.*} section; null when any key of the configuration has a problem. */
    static SchemaRegistrySettings from(ConfigValues values) {
        String url = values.parsed(SCHEMA_REGISTRY_URL, text -> {
            if (text.startsWith("mock://")) {
                if (text.length() == "mock://".length()) {
                    throw new IllegalArgumentException("mock registry without a name");
                }
                return text;
            }
            return ConfigValues.httpUrl(text).toString();
        });
        Optional<String> userInfo = values.parsedIfSet(SCHEMA_REGISTRY_USER_INFO, text -> {
            if (text.indexOf(':') <= 0) {
                throw new IllegalArgumentException("not user:password");
            }
            return text;
        });
        Optional<String> bearer = values.optional(SCHEMA_REGISTRY_BEARER_TOKEN);
        if (values.isGiven(SCHEMA_REGISTRY_USER_INFO) && bearer.isPresent()) {
            values.problem("set at most one of " + SCHEMA_REGISTRY_USER_INFO.label() + " and "
                    + SCHEMA_REGISTRY_BEARER_TOKEN.label());
        }
        return values.hasProblems() ? null : new SchemaRegistrySettings(url, userInfo, bearer);
    }

    public boolean isMock() {
        return url.startsWith("mock://");
    }

    @Override
    public String toString() {
        return "SchemaRegistrySettings[url=" + url
                + ", basicAuthUserInfo=" + basicAuthUserInfo.map(secret -> EnricherConfig.MASK).orElse("(none)")
                + ", bearerToken=" + bearerToken.map(secret -> EnricherConfig.MASK).orElse("(none)") + "]";
    }
}
