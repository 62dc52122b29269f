package com.associationenricher.events;

/**
 * Picks the {@link SchemaRegistry} for a configured URL: {@code mock://<scope>} for the in-JVM registry,
 * {@code http(s)://...} for a real one over REST.
 */
public final class SchemaRegistries {

    private SchemaRegistries() {
    }

    /**
     * @param basicAuthUserInfo {@code user:password}, or null
     * @param bearerToken       a bearer token, or null; at most one of the two may be given
     */
    public static SchemaRegistry connect(String url, String basicAuthUserInfo, String bearerToken) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is not set (use http(s)://host:port or mock://<scope>)");
        }
        String trimmed = url.trim();
        String lower = trimmed.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("mock://")) {
            String scope = trimmed.substring("mock://".length()).replaceAll("/+$", "");
            if (scope.isEmpty()) {
                throw new IllegalArgumentException("schema registry URL 'mock://' needs a scope name, like mock://demo");
            }
            return InMemorySchemaRegistry.scope(scope);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new RestSchemaRegistry(trimmed, auth(basicAuthUserInfo, bearerToken));
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd > 0 ? "'" + trimmed.substring(0, schemeEnd) + "://'" : "no scheme";
        throw new IllegalArgumentException("schema registry URL must start with http://, https:// or mock://, but has " + scheme);
    }

    private static RegistryAuth auth(String basicAuthUserInfo, String bearerToken) {
        boolean basic = basicAuthUserInfo != null && !basicAuthUserInfo.isBlank();
        boolean bearer = bearerToken != null && !bearerToken.isBlank();
        if (basic && bearer) {
            throw new IllegalArgumentException("give either schema registry basic auth or a bearer token, not both");
        }
        return basic ? RegistryAuth.basic(basicAuthUserInfo) : bearer ? RegistryAuth.bearer(bearerToken) : RegistryAuth.none();
    }
}
