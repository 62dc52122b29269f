package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.*;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's whole configuration, validated at once when built: any mistake, in any key, refuses start-up with
 * one {@link ConfigException} listing them all. Values come from an optional properties or YAML file, overridden by
 * {@code ENRICHER_*} environment variables, over the defaults of {@link ConfigKeys}.
 */
public final class EnricherConfig {

    static final String MASK = "******";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BROKER = Pattern.compile("\\S+:[0-9]{1,5}");
    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");

    private final Map<String, String> effective;
    private final Properties kafka;
    private final SchemaRegistrySettings schemaRegistry;
    private final Topics topics;
    private final InputFormat inputFormat;
    private final RateLimitScope rateLimitScope;
    private final boolean inputKeyedByObject;
    private final int outputMaxAssociationsPerEvent;
    private final boolean outputEmitUnchanged;
    private final HubSpotSettings hubspot;
    private final AssociationPairs associationPairs;
    private final BatchSettings batch;
    private final Duration dlqTransientMaxAge;
    private final int opsPort;
    private final Duration shutdownTimeout;
    private final LogFormat logFormat;
    private final IngressSettings ingress;
    private static final java.util.regex.Pattern PORTAL_SETTING =
            java.util.regex.Pattern.compile("[1-9][0-9]{0,18}\\.(token|token-file|refresh-token)");

    private EnricherConfig(ConfigValues values, ConfigPurpose purpose) {
        this.effective = values.effective();
        this.kafka = kafka(values, effective);
        this.schemaRegistry = schemaRegistry(values);
        this.topics = topics(values);
        this.inputFormat = values.choice(INPUT_FORMAT, InputFormat.class);
        this.rateLimitScope = values.choice(HUBSPOT_RATE_LIMIT_SCOPE, RateLimitScope.class);
        Boolean keyedByObject = values.bool(INPUT_KEYED_BY_OBJECT);
        Integer maxAssociations = values.integer(OUTPUT_MAX_ASSOCIATIONS_PER_EVENT, 1, 100_000);
        Boolean emitUnchanged = OutputSettings.emitUnchanged(values);
        this.hubspot = hubspot(values, effective, purpose);
        this.associationPairs = values.parsed(ASSOCIATIONS_PAIRS, text -> {
            try {
                return AssociationPairs.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigValues.Detailed(e.getMessage());
            }
        });
        this.batch = batch(values);
        this.dlqTransientMaxAge = values.positiveDuration(DLQ_TRANSIENT_MAX_AGE);
        Integer port = values.integer(OPS_PORT, 0, 65_535);
        this.shutdownTimeout = values.positiveDuration(SHUTDOWN_TIMEOUT);
        this.logFormat = values.choice(LOG_FORMAT, LogFormat.class);
        this.ingress = ingress(values, purpose == ConfigPurpose.INGRESS);
        values.throwIfProblems();
        this.inputKeyedByObject = keyedByObject;
        this.outputMaxAssociationsPerEvent = maxAssociations;
        this.outputEmitUnchanged = emitUnchanged;
        this.opsPort = port;
    }

    /**
     * The configuration of a run: {@code fileOrNull} (properties, or YAML when named .yaml/.yml), then the
     * {@code ENRICHER_*} variables of {@code env}, which win.
     *
     * @throws ConfigException listing every unknown name and invalid value
     */
    public static EnricherConfig load(Path fileOrNull, Map<String, String> env) {
        return load(fileOrNull, env, ConfigPurpose.SERVICE);
    }

    /** As {@link #load(Path, Map)}, validated for {@code purpose}: tools load it without HubSpot credentials. */
    public static EnricherConfig load(Path fileOrNull, Map<String, String> env, ConfigPurpose purpose) {
        List<ConfigSource> sources = new ArrayList<>();
        if (fileOrNull != null) {
            sources.add(ConfigSource.ofFile(fileOrNull));
        }
        sources.add(ConfigSource.ofEnvironment(env));
        return from(sources, purpose);
    }

    /**
     * The configuration of the webhook ingress ({@code ingest-webhooks}), read like {@link #load}: it needs no
     * HubSpot token (it calls no HubSpot API) but needs app secrets to verify HubSpot's signatures.
     *
     * @throws ConfigException listing every unknown name and invalid value
     */
    public static EnricherConfig loadForIngress(Path fileOrNull, Map<String, String> env) {
        return load(fileOrNull, env, ConfigPurpose.INGRESS);
    }

    /** The configuration given as keys as in a file, with nothing from the environment: for tests and the demo. */
    public static EnricherConfig fromMap(Map<String, String> keysToValues) {
        return fromMap(keysToValues, ConfigPurpose.SERVICE);
    }

    /** As {@link #fromMap(Map)}, validated for {@code purpose}. */
    public static EnricherConfig fromMap(Map<String, String> keysToValues, ConfigPurpose purpose) {
        return from(List.of(ConfigSource.ofMap(keysToValues)), purpose);
    }

    /** As {@link #fromMap}, validated for the webhook ingress. */
    public static EnricherConfig fromMapForIngress(Map<String, String> keysToValues) {
        return fromMap(keysToValues, ConfigPurpose.INGRESS);
    }

    private static EnricherConfig from(List<ConfigSource> sources, ConfigPurpose purpose) {
        Map<String, String> merged = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ConfigSource source : sources) {
            merged.putAll(source.values());
            problems.addAll(source.problems());
        }
        return new EnricherConfig(new ConfigValues(merged, problems), purpose);
    }

    private static Properties kafka(ConfigValues values, Map<String, String> effective) {
        String servers = values.required(KAFKA_BOOTSTRAP_SERVERS);
        if (servers != null && !List.of(servers.split(",")).stream().map(String::trim).allMatch(s -> BROKER.matcher(s).matches())) {
            values.invalid(KAFKA_BOOTSTRAP_SERVERS, servers);
        }
        values.optional(KAFKA_PROCESSING_GUARANTEE).filter(guarantee -> !GUARANTEES.contains(guarantee))
                .ifPresent(guarantee -> values.invalid(KAFKA_PROCESSING_GUARANTEE, guarantee));
        Properties properties = new Properties();
        effective.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                properties.setProperty(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return properties;
    }

    private static SchemaRegistrySettings schemaRegistry(ConfigValues values) {
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

    private static Topics topics(ConfigValues values) {
        String input = values.parsed(TOPICS_INPUT, EnricherConfig::topicName);
        String output = values.parsed(TOPICS_OUTPUT, EnricherConfig::topicName);
        String deadLetter = values.parsed(TOPICS_DEAD_LETTER, EnricherConfig::topicName);
        Boolean create = values.bool(TOPICS_CREATE);
        Integer partitions = values.integer(TOPICS_PARTITIONS, 1, 10_000);
        Integer replication = values.parsed(TOPICS_REPLICATION_FACTOR, text -> {
            int factor = Integer.parseInt(text);
            if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
                throw new IllegalArgumentException("out of range");
            }
            return factor;
        });
        if (input != null && output != null && deadLetter != null
                && new HashSet<>(List.of(input, output, deadLetter)).size() != 3) {
            values.problem(TOPICS_INPUT.label() + ", " + TOPICS_OUTPUT.label() + " and " + TOPICS_DEAD_LETTER.label()
                    + " must be three different topics, got \"" + input + "\", \"" + output + "\", \"" + deadLetter + "\"");
        }
        return values.hasProblems() ? null
                : new Topics(input, output, deadLetter, create, partitions, replication.shortValue());
    }

    private static String topicName(String text) {
        if (!TOPIC_NAME.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw new IllegalArgumentException("not a topic name");
        }
        return text;
    }

    private static HubSpotSettings hubspot(ConfigValues values, Map<String, String> effective, ConfigPurpose purpose) {
        URI baseUrl = values.parsed(HUBSPOT_BASE_URL, ConfigValues::httpUrl);
        Optional<String> token = values.optional(HUBSPOT_TOKEN);
        Optional<Path> tokenFile = values.optional(HUBSPOT_TOKEN_FILE).map(Path::of);
        Map<String, String> portals = new TreeMap<>();
        effective.forEach((key, value) -> {
            if (key.startsWith(PORTALS_PREFIX)) {
                portals.put(key.substring(PORTALS_PREFIX.length()), value);
            }
        });
        portals.keySet().stream()
                .filter(key -> !PORTAL_SETTING.matcher(key).matches())
                .forEach(key -> values.problem(PORTALS_PREFIX + key + " (" + ConfigKey.envVariableOf(PORTALS_PREFIX + key)
                        + ") is not hubspot.portals.<portalId>.token, .token-file or .refresh-token"));
        Optional<String> oauthClientId = values.optional(HUBSPOT_OAUTH_CLIENT_ID);
        Optional<String> oauthClientSecret = values.optional(HUBSPOT_OAUTH_CLIENT_SECRET);
        Optional<String> oauthRefreshToken = values.optional(HUBSPOT_OAUTH_REFRESH_TOKEN);
        if (purpose.requireHubSpotCredentials()) {
            credentialProblems(values, token, tokenFile, oauthRefreshToken, portals);
        }
        boolean refreshTokens = oauthRefreshToken.isPresent()
                || portals.keySet().stream().anyMatch(key -> key.endsWith(".refresh-token"));
        if (refreshTokens && (oauthClientId.isEmpty() || oauthClientSecret.isEmpty())) {
            values.problem("a refresh token needs " + HUBSPOT_OAUTH_CLIENT_ID.label() + " and "
                    + HUBSPOT_OAUTH_CLIENT_SECRET.label());
        }
        if (oauthClientId.isPresent() != oauthClientSecret.isPresent()) {
            values.problem("set both or neither of " + HUBSPOT_OAUTH_CLIENT_ID.label() + " and "
                    + HUBSPOT_OAUTH_CLIENT_SECRET.label());
        }
        Optional<Long> portalId = values.parsedIfSet(HUBSPOT_PORTAL_ID, text -> {
            long id = Long.parseLong(text);
            if (id <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return id;
        });
        AssociationsApi api = values.choice(HUBSPOT_ASSOCIATIONS_API, AssociationsApi.class);
        Duration requestTimeout = values.positiveDuration(HUBSPOT_REQUEST_TIMEOUT);
        Integer rateLimitRequests = values.integer(HUBSPOT_RATE_LIMIT_REQUESTS, 1, 1_000_000);
        Duration rateLimitPeriod = values.positiveDuration(HUBSPOT_RATE_LIMIT_PERIOD);
        Integer maxConcurrent = values.integer(HUBSPOT_MAX_CONCURRENT_REQUESTS, 1, 1_000);
        Integer maxAttempts = values.integer(HUBSPOT_MAX_ATTEMPTS, 1, 1_000);
        Duration dailyLimitPause = values.positiveDuration(HUBSPOT_DAILY_LIMIT_PAUSE);
        Duration circuitOpenFor = values.positiveDuration(HUBSPOT_CIRCUIT_OPEN_FOR);
        Boolean completeTruncated = values.bool(HUBSPOT_COMPLETE_TRUNCATED);
        Integer retryMaxRetries = values.integer(HUBSPOT_RETRY_MAX_RETRIES, 0, 20);
        return values.hasProblems() ? null : new HubSpotSettings(baseUrl, token, tokenFile,
                portalId.map(OptionalLong::of).orElse(OptionalLong.empty()), api, requestTimeout, rateLimitRequests,
                rateLimitPeriod, maxConcurrent, maxAttempts, dailyLimitPause, completeTruncated, portals,
                retryMaxRetries, oauthClientId, oauthClientSecret, oauthRefreshToken, circuitOpenFor);
    }

    private static void credentialProblems(ConfigValues values, Optional<String> token, Optional<Path> tokenFile,
                                           Optional<String> oauthRefreshToken, Map<String, String> portals) {
        String both = HUBSPOT_TOKEN.label() + " and " + HUBSPOT_TOKEN_FILE.label();
        if (token.isPresent() && tokenFile.isPresent()) {
            values.problem("set only one of " + both);
        } else if (token.isEmpty() && tokenFile.isEmpty() && oauthRefreshToken.isEmpty() && portals.isEmpty()) {
            values.problem("set one of " + both + " (or " + HUBSPOT_OAUTH_REFRESH_TOKEN.label()
                    + ", or hubspot.portals.<portalId>.token)");
        }
        if (oauthRefreshToken.isPresent() && (token.isPresent() || tokenFile.isPresent())) {
            values.problem("set only one of " + both + " and " + HUBSPOT_OAUTH_REFRESH_TOKEN.label());
        }
        // The path is not echoed: a token pasted into the wrong variable would otherwise be printed.
        tokenFile.filter(file -> !Files.isRegularFile(file) || !Files.isReadable(file))
                .ifPresent(file -> values.problem(HUBSPOT_TOKEN_FILE.label() + " must be " + HUBSPOT_TOKEN_FILE.expectedForm()));
    }

    private static IngressSettings ingress(ConfigValues values, boolean requireSecrets) {
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
        Set<SignatureVersion> versions = values.parsed(INGRESS_ACCEPT_SIGNATURE_VERSIONS, EnricherConfig::signatureVersions);
        Integer maxBodyBytes = values.integer(INGRESS_MAX_BODY_BYTES, 1, 104_857_600);
        Integer maxEvents = values.integer(INGRESS_MAX_EVENTS, 1, 100_000);
        Duration maxTimestampAge = values.positiveDuration(INGRESS_MAX_TIMESTAMP_AGE);
        Optional<URI> publicUrl = values.parsedIfSet(INGRESS_PUBLIC_URL, EnricherConfig::signedUrl);
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

    private static BatchSettings batch(ConfigValues values) {
        Integer maxIds = values.integer(BATCH_MAX_IDS, 1, 1000);
        Duration maxWait = values.positiveDuration(BATCH_MAX_WAIT);
        Integer maxInFlight = values.integer(BATCH_MAX_IN_FLIGHT, 1, 10_000);
        Duration flushInterval = values.positiveDuration(BATCH_FLUSH_INTERVAL);
        Duration orderMemory = values.positiveDuration(BATCH_ORDER_MEMORY);
        return values.hasProblems() ? null : new BatchSettings(maxIds, maxWait, maxInFlight, flushInterval, orderMemory);
    }

    /** Every kafka.* setting with the prefix removed, over application.id and processing.guarantee defaults. */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    public String bootstrapServers() {
        return kafka.getProperty("bootstrap.servers");
    }

    public String applicationId() {
        return kafka.getProperty("application.id");
    }

    public SchemaRegistrySettings schemaRegistry() {
        return schemaRegistry;
    }

    public String schemaRegistryUrl() {
        return schemaRegistry.url();
    }

    public Topics topics() {
        return topics;
    }

    /** Whether hubspot.rate-limit.requests is the whole application's budget (shared by partitions owned) or each instance's. */
    public RateLimitScope rateLimitScope() {
        return rateLimitScope;
    }

    public InputFormat inputFormat() {
        return inputFormat;
    }

    /** Producers already key input by portal:objectType:objectId, so no repartition is needed. */
    public int outputMaxAssociationsPerEvent() {
        return outputMaxAssociationsPerEvent;
    }

    public boolean inputKeyedByObject() {
        return inputKeyedByObject;
    }

    /** Write an association event for every lookup, also when nothing changed since the key's last event. */
    public boolean outputEmitUnchanged() {
        return outputEmitUnchanged;
    }

    public HubSpotSettings hubspot() {
        return hubspot;
    }

    /** The raw hubspot.portals.* settings with that prefix removed, e.g. {@code 123.token}; unmasked. */
    public Map<String, String> hubspotPortals() {
        return hubspot.portals();
    }

    public AssociationPairs associationPairs() {
        return associationPairs;
    }

    public BatchSettings batch() {
        return batch;
    }

    public Duration dlqTransientMaxAge() {
        return dlqTransientMaxAge;
    }

    public int opsPort() {
        return opsPort;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public LogFormat logFormat() {
        return logFormat;
    }

    /** The webhook ingress's settings; app secrets are empty unless loaded {@link #loadForIngress for the ingress} or given. */
    public IngressSettings ingress() {
        return ingress;
    }

    /** Every setting in force, defaults included, by key; secrets and credential-looking pass-throughs masked. */
    public Map<String, String> raw() {
        Map<String, String> masked = new TreeMap<>();
        effective.forEach((key, value) -> masked.put(key, ConfigKeys.isSecret(key) ? MASK : value));
        return Collections.unmodifiableMap(masked);
    }

    @Override
    public String toString() {
        return "EnricherConfig" + raw();
    }
}
