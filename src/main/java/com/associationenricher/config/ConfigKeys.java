package com.associationenricher.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every configuration key of the service, in one list: validation, the README table and checks of deployment files
 * all iterate it, so a key exists exactly when it is here. Besides these, two namespaces are passed through:
 * {@code kafka.*} (any Kafka client or Streams setting) and {@code hubspot.portals.*} (per-portal credentials).
 */
public final class ConfigKeys {

    public static final String KAFKA_PREFIX = "kafka.";
    public static final String PORTALS_PREFIX = "hubspot.portals.";

    static final String DURATION = "a duration like 500ms, 10s, 5m, 1h, 1d or PT1S";
    static final String BOOLEAN = "true or false";
    static final String TOPIC = "a topic name of letters, digits, '.', '_' and '-'";

    public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS = key("kafka.bootstrap.servers", null,
            "host:port[,host:port...]", "Required. Kafka brokers to connect to.");
    public static final ConfigKey KAFKA_APPLICATION_ID = key("kafka.application.id", "association-enricher",
            "a non-empty string", "Kafka Streams application id: consumer group, prefix of internal topics.");
    public static final ConfigKey KAFKA_PROCESSING_GUARANTEE = key("kafka.processing.guarantee", "exactly_once_v2",
            "exactly_once_v2 or at_least_once", "Kafka Streams processing guarantee.");

    public static final ConfigKey SCHEMA_REGISTRY_URL = key("schema-registry.url", null,
            "an http or https URL, or mock://name", "Required. Schema Registry (Confluent API) for the Avro topics.");
    public static final ConfigKey SCHEMA_REGISTRY_USER_INFO = secret("schema-registry.basic-auth.user-info",
            "user:password", "Basic-auth credentials for the Schema Registry.");
    public static final ConfigKey SCHEMA_REGISTRY_BEARER_TOKEN = secret("schema-registry.bearer-token",
            "a non-empty token", "Bearer token for the Schema Registry (instead of basic auth).");

    public static final ConfigKey TOPICS_INPUT = key("topics.input", "crm.object-changes", TOPIC,
            "Topic of CRM object-change events.");
    public static final ConfigKey TOPICS_OUTPUT = key("topics.output", "crm.associations", TOPIC,
            "Compacted topic of association events.");
    public static final ConfigKey TOPICS_DEAD_LETTER = key("topics.dead-letter", "crm.associations.dlq", TOPIC,
            "Topic of per-id dead letters.");
    public static final ConfigKey TOPICS_CREATE = key("topics.create", "true", BOOLEAN,
            "Create missing topics at start-up.");
    public static final ConfigKey TOPICS_PARTITIONS = key("topics.partitions", "6", integer(1, 10_000),
            "Partitions of topics this service creates.");
    public static final ConfigKey TOPICS_REPLICATION_FACTOR = key("topics.replication-factor", "-1",
            "-1 (the broker's default) or an integer from 1 to 32767",
            "Replication factor of topics this service creates.");

    public static final ConfigKey INPUT_FORMAT = key("input.format", "avro", oneOf(InputFormat.values()),
            "Encoding of input records.");
    public static final ConfigKey INPUT_KEYED_BY_OBJECT = key("input.keyed-by-object", "false", BOOLEAN,
            "Input is already keyed portal:objectType:objectId, so the repartition is skipped.");

    public static final ConfigKey OUTPUT_MAX_ASSOCIATIONS_PER_EVENT = key("output.max-associations-per-event", "5000",
            integer(1, 100_000), "Most associations one association event carries; an object with more gets the first "
                    + "ones and complete=false, so its record stays well under Kafka's 1 MiB limit (about 100 bytes each).");

    public static final ConfigKey HUBSPOT_BASE_URL = key("hubspot.base-url", "https://api.hubapi.com",
            "an http or https URL", "HubSpot API base URL.");
    public static final ConfigKey HUBSPOT_TOKEN = secret("hubspot.token", "a non-empty token",
            "HubSpot private-app or OAuth access token. Set exactly one of hubspot.token and hubspot.token-file, "
                    + "unless hubspot.portals.* is used.");
    public static final ConfigKey HUBSPOT_TOKEN_FILE = key("hubspot.token-file", null, "a readable file",
            "File holding the HubSpot token, read at each use so it can be rotated.");
    public static final ConfigKey HUBSPOT_PORTAL_ID = key("hubspot.portal-id", null, "a positive integer",
            "Portal (hub) id the token belongs to, when events do not carry one.");
    public static final ConfigKey HUBSPOT_ASSOCIATIONS_API = key("hubspot.associations-api", "v3",
            oneOf(AssociationsApi.values()), "Associations API version to call.");
    public static final ConfigKey HUBSPOT_REQUEST_TIMEOUT = key("hubspot.request-timeout", "30s", DURATION,
            "Timeout of one HubSpot HTTP request.");
    public static final ConfigKey HUBSPOT_RATE_LIMIT_REQUESTS = key("hubspot.rate-limit.requests", "100",
            integer(1, 1_000_000), "Requests allowed per rate-limit period per portal: for the whole application (all "
                    + "instances together) with hubspot.rate-limit.scope=cluster, for each instance with instance.");
    public static final ConfigKey HUBSPOT_RATE_LIMIT_SCOPE = key("hubspot.rate-limit.scope", "cluster",
            oneOf(RateLimitScope.values()), "cluster: each instance paces at its share of hubspot.rate-limit.requests, "
                    + "the share of the input partitions it owns (at least one), recomputed on every rebalance; instance: every "
                    + "instance paces at the full hubspot.rate-limit.requests.");
    public static final ConfigKey HUBSPOT_RATE_LIMIT_PERIOD = key("hubspot.rate-limit.period", "10s", DURATION,
            "Rate-limit period.");
    public static final ConfigKey HUBSPOT_MAX_CONCURRENT_REQUESTS = key("hubspot.max-concurrent-requests", "16",
            integer(1, 1_000), "HubSpot requests in flight at once (whole process).");
    public static final ConfigKey HUBSPOT_MAX_ATTEMPTS = key("hubspot.max-attempts", "8", integer(1, 1_000),
            "Attempts per id before a transient failure becomes a dead letter.");
    public static final ConfigKey HUBSPOT_DAILY_LIMIT_PAUSE = key("hubspot.daily-limit-pause", "1h", DURATION,
            "How long a portal is left alone after hitting its daily limit.");
    public static final ConfigKey HUBSPOT_CIRCUIT_OPEN_FOR = key("hubspot.circuit.open-for", "30s", DURATION,
            "How long a portal's circuit stays open (no calls) after 5 failures in its last 10 calls, before one probe "
                    + "call may close it.");
    public static final ConfigKey HUBSPOT_RETRY_MAX_RETRIES = key("hubspot.retry.max-retries", "3", integer(0, 20),
            "In-call retries of a transient HubSpot failure (backoff 1s..30s, Retry-After honoured) before the ids go "
                    + "back to the store as transient failures; hubspot.max-attempts bounds those.");
    public static final ConfigKey HUBSPOT_OAUTH_CLIENT_ID = key("hubspot.oauth.client-id", null, "a non-empty string",
            "OAuth app client id, for refresh tokens (hubspot.oauth.refresh-token, hubspot.portals.<id>.refresh-token).");
    public static final ConfigKey HUBSPOT_OAUTH_CLIENT_SECRET = secret("hubspot.oauth.client-secret",
            "a non-empty secret", "OAuth app client secret; required with any refresh token.");
    public static final ConfigKey HUBSPOT_OAUTH_REFRESH_TOKEN = secret("hubspot.oauth.refresh-token",
            "a non-empty token", "OAuth refresh token: access tokens are fetched from HubSpot's token endpoint and "
                    + "renewed before they expire. Instead of hubspot.token and hubspot.token-file.");
    public static final ConfigKey HUBSPOT_COMPLETE_TRUNCATED = key("hubspot.complete-truncated", "false", BOOLEAN,
            "Page through associations when batch/read truncates an object's list.");

    public static final ConfigKey ASSOCIATIONS_PAIRS = key("associations.pairs", AssociationPairs.DEFAULT,
            "a comma-separated list of fromType:toType pairs of object types (a standard type such as contacts, "
                    + "notes, calls or postal_mail, a custom object's 2-<n> id, or its p<portalId>_<name>)",
            "Associations to look up for each changed object. Custom object names are resolved to their 2-<n> ids "
                    + "at start-up (GET /crm/v3/schemas of that portal); keys and outputs always carry the id.");

    public static final ConfigKey BATCH_MAX_IDS = key("batch.max-ids", "1000", integer(1, 1000),
            "Ids per batch/read call.");
    public static final ConfigKey BATCH_MAX_WAIT = key("batch.max-wait", "1s", DURATION,
            "Longest an id waits for its batch to fill.");
    public static final ConfigKey BATCH_MAX_IN_FLIGHT = key("batch.max-in-flight", "8", integer(1, 10_000),
            "Batches in flight per stream task.");
    public static final ConfigKey BATCH_FLUSH_INTERVAL = key("batch.flush-interval", "100ms", DURATION,
            "How often the wall-clock punctuator looks for batches to send and answers to write.");
    public static final ConfigKey BATCH_ORDER_MEMORY = key("batch.order-memory", "1h", DURATION,
            "How long the newest change time of each key is remembered, so changes arriving out of order (by occurredAt) cannot undo a deletion.");
    public static final ConfigKey BATCH_FLUSH_AT_BACKLOG_END = key("batch.flush-at-backlog-end", "true", BOOLEAN,
            "Send part-full batches as soon as a task has read a backlog to its end (its records were written at least "
                    + "batch.max-wait before it took them, the instance's consumers have read every partition to its end, "
                    + "and two punctuations in a row found no record taken), instead of waiting out batch.max-wait. Set "
                    + "false when producers stamp records with an event time older than batch.max-wait, which makes live "
                    + "traffic look like a backlog, or when a few more calls per backlog matter more than its last ids' delay.");

    public static final ConfigKey BACKFILL_RATE_LIMIT_REQUESTS = key("backfill.rate-limit.requests", null,
            "an integer from 1 to hubspot.rate-limit.requests",
            "Requests per hubspot.rate-limit.period (per portal) that backfill and reconcile may spend listing objects; "
                    + "unset: 10% of hubspot.rate-limit.requests, at least 1, so live lookups keep the rest.");
    public static final ConfigKey OUTPUT_EMIT_UNCHANGED = key("output.emit-unchanged", "false", BOOLEAN,
            "Write an association event for every lookup, even when its associations equal the last event of its key "
                    + "(added and removed then empty). With false such an answer writes nothing "
                    + "(counted by enricher.association.events.suppressed). Under "
                    + "kafka.processing.guarantee=at_least_once it defaults to true and false is refused.");

    public static final ConfigKey STATE_ROCKSDB_MEMORY_MB = key("state.rocksdb-memory-mb", "128", integer(16, 65_536),
            "Off-heap memory (MiB) all RocksDB stores of the process share: block cache, index and filter blocks, and "
                    + "memtables (up to half). Size the container for heap plus this plus about 150 MiB.");

    public static final ConfigKey DLQ_TRANSIENT_MAX_AGE = key("dlq.transient-max-age", "1h", DURATION,
            "How long an id may keep failing transiently before it becomes a dead letter.");

    public static final ConfigKey INGRESS_PORT = key("ingress.port", "8090", integer(0, 65_535),
            "Port the webhook ingress (ingest-webhooks) listens on (0 picks a free port).");
    public static final ConfigKey INGRESS_PATH = key("ingress.path", "/webhooks/hubspot",
            "a path starting with / (no query)", "Path HubSpot posts webhook batches to.");
    public static final ConfigKey INGRESS_APP_SECRETS = secret("ingress.app-secrets",
            "an app secret, or comma-separated appId=secret pairs (a bare secret applies to any app)",
            "Client secrets of the HubSpot apps whose webhooks are accepted (the app's Auth settings). "
                    + "ingest-webhooks needs this or ingress.app-secrets-file.");
    public static final ConfigKey INGRESS_APP_SECRETS_FILE = key("ingress.app-secrets-file", null,
            "a readable properties file of appId=secret lines",
            "File of app secrets by app id, instead of ingress.app-secrets; read at start-up.");
    public static final ConfigKey INGRESS_ACCEPT_SIGNATURE_VERSIONS = key("ingress.accept-signature-versions", "v3",
            "a comma-separated list of v1, v2, v3",
            "HubSpot signature versions accepted. v1 and v2 carry no timestamp, so they can be replayed: "
                    + "enable them only for apps that send nothing else.");
    public static final ConfigKey INGRESS_MAX_BODY_BYTES = key("ingress.max-body-bytes", "1048576",
            integer(1, 104_857_600), "Largest request body accepted (413 beyond).");
    public static final ConfigKey INGRESS_MAX_EVENTS = key("ingress.max-events", "100", integer(1, 100_000),
            "Most events accepted in one request (HubSpot sends up to 100).");
    public static final ConfigKey INGRESS_MAX_TIMESTAMP_AGE = key("ingress.max-timestamp-age", "5m", DURATION,
            "Oldest (or furthest in the future) X-HubSpot-Request-Timestamp accepted with a v3 signature.");
    public static final ConfigKey INGRESS_PUBLIC_URL = key("ingress.public-url", null,
            "an absolute http or https URL",
            "The webhook URL exactly as configured in HubSpot, when HubSpot reaches the ingress through a proxy: "
                    + "HubSpot signs the URL it called.");
    public static final ConfigKey INGRESS_KAFKA_TIMEOUT = key("ingress.kafka-timeout", "10s", DURATION,
            "How long a request waits for Kafka to acknowledge its events before answering 503.");
    public static final ConfigKey INGRESS_IDLE_TIMEOUT = key("ingress.idle-timeout", "30s", DURATION,
            "A webhook connection that sends nothing for this long is closed.");
    public static final ConfigKey INGRESS_READ_TIMEOUT = key("ingress.read-timeout", "10s", DURATION,
            "Longest a request body may take to arrive after its headers (408 beyond), and a new connection's first "
                    + "headers (closed beyond); a slow client holds no thread meanwhile.");
    public static final ConfigKey INGRESS_WORKER_THREADS = key("ingress.worker-threads", "16", integer(1, 1_000),
            "Requests verified and stored at once (each may wait up to ingress.kafka-timeout for Kafka).");
    public static final ConfigKey INGRESS_MAX_QUEUED_REQUESTS = key("ingress.max-queued-requests", "64",
            integer(0, 100_000), "Received requests that may wait for a worker thread; beyond, 503 with Retry-After.");

    public static final ConfigKey OPS_PORT = key("ops.port", "8080", integer(0, 65_535),
            "Port of the health and metrics endpoints (0 picks a free port).");
    public static final ConfigKey SHUTDOWN_TIMEOUT = key("shutdown.timeout", "30s", DURATION,
            "Longest a graceful shutdown may take.");
    public static final ConfigKey LOG_FORMAT = key("log.format", "text", oneOf(LogFormat.values()),
            "Log line layout.");

    public static final List<ConfigKey> ALL = List.of(
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_APPLICATION_ID, KAFKA_PROCESSING_GUARANTEE,
            SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO, SCHEMA_REGISTRY_BEARER_TOKEN,
            TOPICS_INPUT, TOPICS_OUTPUT, TOPICS_DEAD_LETTER, TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION_FACTOR,
            INPUT_FORMAT, INPUT_KEYED_BY_OBJECT, OUTPUT_MAX_ASSOCIATIONS_PER_EVENT,
            HUBSPOT_BASE_URL, HUBSPOT_TOKEN, HUBSPOT_TOKEN_FILE, HUBSPOT_PORTAL_ID, HUBSPOT_ASSOCIATIONS_API,
            HUBSPOT_REQUEST_TIMEOUT, HUBSPOT_RATE_LIMIT_REQUESTS, HUBSPOT_RATE_LIMIT_SCOPE, HUBSPOT_RATE_LIMIT_PERIOD,
            HUBSPOT_MAX_CONCURRENT_REQUESTS, HUBSPOT_MAX_ATTEMPTS, HUBSPOT_DAILY_LIMIT_PAUSE, HUBSPOT_CIRCUIT_OPEN_FOR, HUBSPOT_RETRY_MAX_RETRIES,
            HUBSPOT_OAUTH_CLIENT_ID, HUBSPOT_OAUTH_CLIENT_SECRET, HUBSPOT_OAUTH_REFRESH_TOKEN, HUBSPOT_COMPLETE_TRUNCATED,
            ASSOCIATIONS_PAIRS,
            BATCH_MAX_IDS, BATCH_MAX_WAIT, BATCH_MAX_IN_FLIGHT, BATCH_FLUSH_INTERVAL, BATCH_ORDER_MEMORY, BATCH_FLUSH_AT_BACKLOG_END,
            BACKFILL_RATE_LIMIT_REQUESTS, OUTPUT_EMIT_UNCHANGED, STATE_ROCKSDB_MEMORY_MB, DLQ_TRANSIENT_MAX_AGE,
            INGRESS_PORT, INGRESS_PATH, INGRESS_APP_SECRETS, INGRESS_APP_SECRETS_FILE,
            INGRESS_ACCEPT_SIGNATURE_VERSIONS, INGRESS_MAX_BODY_BYTES, INGRESS_MAX_EVENTS, INGRESS_MAX_TIMESTAMP_AGE,
            INGRESS_PUBLIC_URL, INGRESS_KAFKA_TIMEOUT, INGRESS_IDLE_TIMEOUT, INGRESS_READ_TIMEOUT,
            INGRESS_WORKER_THREADS, INGRESS_MAX_QUEUED_REQUESTS,
            OPS_PORT, SHUTDOWN_TIMEOUT, LOG_FORMAT);

    private static final Map<String, ConfigKey> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));
    private static final Map<String, ConfigKey> BY_ENV_VARIABLE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::envVariable, Function.identity()));

    /** Pass-through keys whose names say they hold a credential (sasl.jaas.config, ssl.key.password, portal tokens). */
    private static final Pattern SECRET_LOOKING = Pattern.compile("password|secret|jaas|token|credential");
    /** ...unless they only say where the credential is kept ({@code hubspot.portals.123.token-file}). */
    private static final Pattern NAMES_A_PLACE = Pattern.compile("(file|location|path)$");

    private ConfigKeys() {
    }

    public static Optional<ConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<ConfigKey> byEnvVariable(String envVariable) {
        return Optional.ofNullable(BY_ENV_VARIABLE.get(envVariable));
    }

    /** A documented key, or one in the kafka.* or hubspot.portals.* namespaces. */
    public static boolean isAccepted(String name) {
        return BY_NAME.containsKey(name) || isPassThrough(name);
    }

    static boolean isPassThrough(String name) {
        return (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length())
                || (name.startsWith(PORTALS_PREFIX) && name.length() > PORTALS_PREFIX.length());
    }

    /** Whether a value must be masked when printed: secret keys, and pass-through keys that look like credentials. */
    public static boolean isSecret(String name) {
        ConfigKey key = BY_NAME.get(name);
        if (key != null) {
            return key.secret();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return isPassThrough(name) && SECRET_LOOKING.matcher(lower).find() && !NAMES_A_PLACE.matcher(lower).find();
    }

    /** The README reference table: key | env variable | default | description. Secrets' defaults are never shown. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder()
                .append("| key | env variable | default | description |\n")
                .append("|---|---|---|---|\n");
        for (ConfigKey key : ALL) {
            String defaultValue = key.secret() ? "(secret)"
                    : key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`";
            table.append("| `").append(key.name()).append("` | `").append(key.envVariable()).append("` | ")
                    .append(cell(defaultValue)).append(" | ")
                    .append(cell(key.description() + " Must be " + key.expectedForm() + ".")).append(" |\n");
        }
        table.append("| `kafka.<setting>` | `ENRICHER_KAFKA_<SETTING>` |  | Any Kafka client or Streams setting, "
                        + "passed with the prefix removed (env: `ENRICHER_KAFKA_STATE_DIR` is `state.dir`). |\n")
                .append("| `hubspot.portals.<portalId>.<setting>` | `ENRICHER_HUBSPOT_PORTALS_<PORTALID>_<SETTING>` |  "
                        + "| Per-portal credentials: `token`, `token-file` or `refresh-token` (with hubspot.oauth.client-id "
                        + "and -secret). |\n");
        return table.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static ConfigKey key(String name, String defaultValue, String form, String description) {
        return new ConfigKey(name, defaultValue, description, false, form);
    }

    private static ConfigKey secret(String name, String form, String description) {
        return new ConfigKey(name, null, description, true, form);
    }

    static String integer(int min, int max) {
        return "an integer from " + min + " to " + max;
    }

    static String oneOf(ConfigChoice... choices) {
        return "one of " + Arrays.stream(choices).map(ConfigChoice::configValue).collect(Collectors.joining(", "));
    }
}
