package com.associationenricher.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The client secrets of the HubSpot apps whose webhooks the ingress accepts: secrets bound to an app id, and secrets
 * that apply to any app. HubSpot names no app in its headers, so a request is genuine when any of them verifies it.
 * {@code toString()} shows app ids only.
 */
public record AppSecrets(List<String> anyApp, Map<Long, String> byAppId) {

    public AppSecrets {
        anyApp = List.copyOf(anyApp);
        byAppId = Map.copyOf(byAppId);
    }

    public static AppSecrets none() {
        return new AppSecrets(List.of(), Map.of());
    }

    /**
     * Reads {@code ingress.app-secrets}: comma-separated items, each {@code appId=secret} or a bare secret for any app.
     *
     * @throws IllegalArgumentException naming no secret, when an item is empty or its app id not a positive integer
     */
    public static AppSecrets parse(String text) {
        List<String> anyApp = new ArrayList<>();
        Map<Long, String> byAppId = new TreeMap<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                requireNonEmpty(trimmed);
                anyApp.add(trimmed);
            } else {
                String secret = trimmed.substring(equals + 1).trim();
                requireNonEmpty(secret);
                byAppId.put(appId(trimmed.substring(0, equals)), secret);
            }
        }
        return new AppSecrets(anyApp, byAppId);
    }

    /** {@code appId=secret} entries of a properties file. */
    public static AppSecrets ofEntries(Map<String, String> entries) {
        Map<Long, String> byAppId = new TreeMap<>();
        entries.forEach((appId, secret) -> {
            requireNonEmpty(secret == null ? "" : secret.trim());
            byAppId.put(appId(appId), secret.trim());
        });
        return new AppSecrets(List.of(), byAppId);
    }

    private static long appId(String text) {
        long id = Long.parseLong(text.trim());
        if (id <= 0) {
            throw new IllegalArgumentException("app id not positive");
        }
        return id;
    }

    private static void requireNonEmpty(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
    }

    public boolean isEmpty() {
        return anyApp.isEmpty() && byAppId.isEmpty();
    }

    /** Every distinct secret, to try one after the other. */
    public List<String> all() {
        Set<String> all = new LinkedHashSet<>(byAppId.values());
        all.addAll(anyApp);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "AppSecrets[anyApp=" + anyApp.size() + " secret(s), appIds=" + new TreeMap<>(byAppId).keySet() + "]";
    }
}
