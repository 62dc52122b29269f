package com.associationenricher.config;

import java.util.Optional;

/** Where the Avro schemas live and how to authenticate; {@code mock://name} means an in-process registry. */
public record SchemaRegistrySettings(String url, Optional<String> basicAuthUserInfo, Optional<String> bearerToken) {

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
