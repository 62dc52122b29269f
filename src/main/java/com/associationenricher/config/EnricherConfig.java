package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's whole configuration, validated at once when built: any mistake, in any key, refuses start-up with
 * one {@link ConfigException} listing them all. Values come from an optional properties or YAML file, overridden by
 * {@code ENRICHER_*} environment variables, over the defaults of {@link ConfigKeys}. Each settings record parses and
 * validates its own section ({@link Topics#from}, {@link HubSpotSettings#from}, ...) into the shared
 * {@link ConfigValues}, which collects the problems; this class holds the few top-level keys and the Kafka pass-through.
 */
public final class EnricherConfig {

    static final String MASK = "******";

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
    private final int rocksDbMemoryMb;
    private final boolean outputEmitUnchanged;
    private final HubSpotSettings hubspot;
    private final AssociationPairs associationPairs;
    private final BatchSettings batch;
    private final Duration dlqTransientMaxAge;
    private final int backfillRateLimitRequests;
    private final int opsPort;
    private final Duration shutdownTimeout;
    private final LogFormat logFormat;
    private final IngressSettings ingress;

    private EnricherConfig(ConfigValues values, ConfigPurpose purpose) {
        this.effective = values.effective();
        this.kafka = kafka(values, effective);
        this.schemaRegistry = SchemaRegistrySettings.from(values);
        this.topics = Topics.from(values);
        this.inputFormat = values.choice(INPUT_FORMAT, InputFormat.class);
        this.rateLimitScope = values.choice(HUBSPOT_RATE_LIMIT_SCOPE, RateLimitScope.class);
        Boolean keyedByObject = values.bool(INPUT_KEYED_BY_OBJECT);
        Integer maxAssociations = values.integer(OUTPUT_MAX_ASSOCIATIONS_PER_EVENT, 1, 100_000);
        Integer rocksDbMemory = values.integer(STATE_ROCKSDB_MEMORY_MB, 16, 65_536);
        Boolean emitUnchanged = OutputSettings.emitUnchanged(values);
        this.hubspot = HubSpotSettings.from(values, purpose);
        this.associationPairs = values.parsed(ASSOCIATIONS_PAIRS, text -> {
            try {
                return AssociationPairs.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigValues.Detailed(e.getMessage());
            }
        });
        this.batch = BatchSettings.from(values);
        this.dlqTransientMaxAge = values.positiveDuration(DLQ_TRANSIENT_MAX_AGE);
        this.backfillRateLimitRequests = BackfillBudget.parse(values);
        Integer port = values.integer(OPS_PORT, 0, 65_535);
        this.shutdownTimeout = values.positiveDuration(SHUTDOWN_TIMEOUT);
        this.logFormat = values.choice(LOG_FORMAT, LogFormat.class);
        this.ingress = IngressSettings.from(values, purpose == ConfigPurpose.INGRESS);
        values.throwIfProblems();
        this.inputKeyedByObject = keyedByObject;
        this.outputMaxAssociationsPerEvent = maxAssociations;
        this.rocksDbMemoryMb = rocksDbMemory;
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

    /** Most associations one association event carries; beyond, the event says complete=false. */
    public int outputMaxAssociationsPerEvent() {
        return outputMaxAssociationsPerEvent;
    }

    /** Off-heap memory all RocksDB stores of the process share (state.rocksdb-memory-mb). */
    public int rocksDbMemoryMb() {
        return rocksDbMemoryMb;
    }

    /** Producers already key input by portal:objectType:objectId, so no repartition is needed. */
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

    /** What backfill and reconcile may spend per {@code hubspot.rate-limit.period} and portal. */
    public int backfillRateLimitRequests() {
        return backfillRateLimitRequests;
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
