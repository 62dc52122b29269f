package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.*;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the webhook ingress ({@code ingest-webhooks}) listens, whom it believes, and how long it waits for Kafka.
 * {@code publicUrl}, when set, is the URL HubSpot calls (through a proxy or load balancer): HubSpot signs that URL,
 * not the one this process sees.
 */
public record IngressSettings(
        int port,
        String path,
        AppSecrets appSecrets,
        Set<SignatureVersion> acceptedSignatureVersions,
        int maxBodyBytes,
        int maxEvents,
        Duration maxTimestampAge,
        Optional<URI> publicUrl,
        Duration kafkaTimeout,
        IngressLimits limits) {

    public IngressSettings {
        acceptedSignatureVersions = Set.copyOf(acceptedSignatureVersions);
    }

    /**
     * The {@code ingress.*} section; app secrets are required only when {@code requireSecrets} (the ingress itself).
     * Null when any key of the configuration has a problem.
     */
    static IngressSettings from(ConfigValues values, boolean requireSecrets) {
        Integer port = values.integer(INGRESS_PORT, 0, 65_535);
        String path = values.parsed(INGRESS_PATH, text -> {
            if (!text.startsWith("/") || text.contains("?") || text.contains("#")
                    || text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("not a path");
            }
            return text;
        });
        Optional<AppSecrets> inline = values.parsedIfSet(INGRESS_APP_SECRETS, AppSecrets::parse);
        Optional<Path> secretsFile = values.optional(INGRESS_APP_SECRETS_FILE).map(Path::of);
        AppSecrets secrets = AppSecrets.none();
        if (values.isGiven(INGRESS_APP_SECRETS) && secretsFile.isPresent()) {
            values.problem("set only one of " + INGRESS_APP_SECRETS.label() + " and " + INGRESS_APP_SECRETS_FILE.label());
        } else if (secretsFile.isPresent()) {
            secrets = appSecretsFile(values, secretsFile.get());
        } else if (values.isGiven(INGRESS_APP_SECRETS)) {
            secrets = inline.orElse(AppSecrets.none()); // when invalid, already reported as such
        } else if (requireSecrets) {
            values.problem("set one of " + INGRESS_APP_SECRETS.label() + " and " + INGRESS_APP_SECRETS_FILE.label()
                    + " to verify HubSpot's signatures");
        }
        Set<SignatureVersion> versions = values.parsed(INGRESS_ACCEPT_SIGNATURE_VERSIONS, IngressSettings::signatureVersions);
        Integer maxBodyBytes = values.integer(INGRESS_MAX_BODY_BYTES, 1, 104_857_600);
        Integer maxEvents = values.integer(INGRESS_MAX_EVENTS, 1, 100_000);
        Duration maxTimestampAge = values.positiveDuration(INGRESS_MAX_TIMESTAMP_AGE);
        Optional<URI> publicUrl = values.parsedIfSet(INGRESS_PUBLIC_URL, IngressSettings::signedUrl);
        Duration kafkaTimeout = values.positiveDuration(INGRESS_KAFKA_TIMEOUT);
        IngressLimits limits = IngressLimits.read(values);
        return values.hasProblems() ? null : new IngressSettings(port, path, secrets, versions,
                maxBodyBytes, maxEvents, maxTimestampAge, publicUrl, kafkaTimeout, limits);
    }

    /** The secrets of a properties file; its content is never echoed, since it is all secrets. */
    private static AppSecrets appSecretsFile(ConfigValues values, Path file) {
        String problem = INGRESS_APP_SECRETS_FILE.label() + " must be " + INGRESS_APP_SECRETS_FILE.expectedForm();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            values.problem(problem);
            return null;
        }
        Properties entries = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries.load(reader);
            Map<String, String> byAppId = new TreeMap<>();
            entries.stringPropertyNames().forEach(appId -> byAppId.put(appId, entries.getProperty(appId)));
            AppSecrets secrets = AppSecrets.ofEntries(byAppId);
            if (secrets.isEmpty()) {
                values.problem(problem + " (it holds no secret)");
            }
            return secrets;
        } catch (IOException | IllegalArgumentException e) {
            values.problem(problem);
            return null;
        }
    }

    private static Set<SignatureVersion> signatureVersions(String text) {
        Set<SignatureVersion> versions = EnumSet.noneOf(SignatureVersion.class);
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            versions.add(Arrays.stream(SignatureVersion.values())
                    .filter(version -> version.configValue().equalsIgnoreCase(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a signature version")));
        }
        return versions;
    }

    /** Kept exactly as written (a trailing slash included): the signature covers the URL character by character. */
    private static URI signedUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getFragment() != null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL", e);
        }
    }
}
