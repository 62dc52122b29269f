package com.associationenricher.tools.simulator;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that shapes the simulated HubSpot's behaviour. Immutable; a running simulator swaps the whole value
 * ({@link HubSpotSimulator#update}), so a request always sees one consistent set. Object types in
 * {@code missingScopes} are stored in singular form ({@link ObjectTypes#singular}). {@code toString()} never shows
 * the tokens.
 *
 * @param tokens            accepted bearer tokens and the portal each one belongs to
 * @param expiredTokens     tokens answered with 401 EXPIRED_AUTHENTICATION (an OAuth token past its 30 minutes)
 * @param tenSecondlyLimit  requests per token per rolling 10 s, 0 = unlimited (then no rate-limit headers are sent)
 * @param dailyLimit        requests per portal per UTC day, 0 = unlimited
 * @param failedIds         object ids that always get a per-id error entry, with its category
 * @param v4PageSize        associations per object per page in v4 and 2026-03 answers (HubSpot: 500)
 * @param threads           request threads; 0 = a cached pool that grows with concurrent calls
 */
public record SimulatorSettings(
        String bindHost,
        int port,
        Map<String, Long> tokens,
        Set<String> expiredTokens,
        long portalId,
        int latencyMinMs,
        int latencyMaxMs,
        int tenSecondlyLimit,
        long dailyLimit,
        boolean sendRetryAfter,
        Map<String, List<String>> missingScopes,
        ScopeErrorForm scopeErrorForm,
        Map<String, String> failedIds,
        FaultSettings faults,
        int maxInputs,
        int v3MaxPerObject,
        int v4PageSize,
        long seed,
        int threads) {

    public static final String DEFAULT_TOKEN = "demo-token";
    /** A {@link Builder#failId} category that leaves the id out of the answer altogether, in results and errors. */
    public static final String OMITTED = "OMITTED";
    public static final long DEFAULT_PORTAL_ID = 123456L;

    public SimulatorSettings {
        tokens = Map.copyOf(tokens);
        expiredTokens = Set.copyOf(expiredTokens);
        missingScopes = Map.copyOf(missingScopes);
        failedIds = Map.copyOf(failedIds);
        if (latencyMinMs < 0 || latencyMaxMs < latencyMinMs) {
            throw new IllegalArgumentException("latency must satisfy 0 <= min <= max, got " + latencyMinMs + "-" + latencyMaxMs);
        }
        if (tenSecondlyLimit < 0 || dailyLimit < 0 || maxInputs < 1 || v3MaxPerObject < 1 || v4PageSize < 1 || threads < 0) {
            throw new IllegalArgumentException("limits must be positive (0 = unlimited for rate limits)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: token {@value #DEFAULT_TOKEN} for portal {@value #DEFAULT_PORTAL_ID}, no latency, no limits, no faults. */
    public static SimulatorSettings defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindHost = bindHost;
        b.port = port;
        b.tokens.putAll(tokens);
        b.expiredTokens.addAll(expiredTokens);
        b.portalId = portalId;
        b.latencyMinMs = latencyMinMs;
        b.latencyMaxMs = latencyMaxMs;
        b.tenSecondlyLimit = tenSecondlyLimit;
        b.dailyLimit = dailyLimit;
        b.sendRetryAfter = sendRetryAfter;
        b.missingScopes.putAll(missingScopes);
        b.scopeErrorForm = scopeErrorForm;
        b.failedIds.putAll(failedIds);
        b.faults = faults;
        b.maxInputs = maxInputs;
        b.v3MaxPerObject = v3MaxPerObject;
        b.v4PageSize = v4PageSize;
        b.seed = seed;
        b.threads = threads;
        return b;
    }

    /** The scopes this portal's token lacks to read from {@code fromType} to {@code toType}; empty when allowed. */
    public List<String> missingScopesFor(String fromType, String toType) {
        Set<String> missing = new LinkedHashSet<>(missingScopes.getOrDefault(ObjectTypes.singular(fromType), List.of()));
        missing.addAll(missingScopes.getOrDefault(ObjectTypes.singular(toType), List.of()));
        return List.copyOf(missing);
    }

    @Override
    public String toString() {
        return "SimulatorSettings[bind=" + bindHost + ":" + port + ", tokens=" + tokens.size() + " (hidden), portalId=" + portalId
                + ", latencyMs=" + latencyMinMs + "-" + latencyMaxMs + ", tenSecondlyLimit=" + tenSecondlyLimit
                + ", dailyLimit=" + dailyLimit + ", missingScopes=" + missingScopes + ", failedIds=" + failedIds.size()
                + ", faults=" + faults + ", seed=" + seed + "]";
    }

    /** Fluent builder; unset values are the defaults of {@link #defaults()}. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private int port = 0;
        private final Map<String, Long> tokens = new LinkedHashMap<>();
        private final Set<String> defaultPortalTokens = new LinkedHashSet<>();
        private final Set<String> expiredTokens = new LinkedHashSet<>();
        private long portalId = DEFAULT_PORTAL_ID;
        private int latencyMinMs;
        private int latencyMaxMs;
        private int tenSecondlyLimit;
        private long dailyLimit;
        private boolean sendRetryAfter;
        private final Map<String, List<String>> missingScopes = new LinkedHashMap<>();
        private ScopeErrorForm scopeErrorForm = ScopeErrorForm.ROTATE;
        private final Map<String, String> failedIds = new LinkedHashMap<>();
        private FaultSettings faults = FaultSettings.NONE;
        private int maxInputs = 1_000;
        private int v3MaxPerObject = 100;
        private int v4PageSize = 500;
        private long seed = 42L;
        private int threads;

        private Builder() {
        }

        public Builder bindHost(String bindHost) {
            this.bindHost = bindHost;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The portal of tokens added without one, and of the default token. */
        public Builder portalId(long portalId) {
            this.portalId = portalId;
            return this;
        }

        /** A token of the default portal ({@link #portalId(long)}, whenever it is set). */
        public Builder token(String token) {
            defaultPortalTokens.add(token);
            tokens.remove(token);
            return this;
        }

        public Builder token(String token, long tokenPortalId) {
            defaultPortalTokens.remove(token);
            tokens.put(token, tokenPortalId);
            return this;
        }

        public Builder expiredToken(String token) {
            expiredTokens.add(token);
            return this;
        }

        /** Each request waits a uniformly drawn min..max milliseconds (seeded) before it is answered. */
        public Builder latencyMs(int min, int max) {
            this.latencyMinMs = min;
            this.latencyMaxMs = max;
            return this;
        }

        public Builder tenSecondlyLimit(int requestsPer10Seconds) {
            this.tenSecondlyLimit = requestsPer10Seconds;
            return this;
        }

        public Builder dailyLimit(long requestsPerDay) {
            this.dailyLimit = requestsPerDay;
            return this;
        }

        /** Whether a ten-secondly 429 carries {@code Retry-After} (HubSpot does not always send it). */
        public Builder retryAfter(boolean send) {
            this.sendRetryAfter = send;
            return this;
        }

        /** Calls touching {@code objectType} get 403 MISSING_SCOPES; no scopes given means {@code crm.objects.<type>.read}. */
        public Builder missingScopes(String objectType, String... scopes) {
            return missingScopes(objectType, Arrays.asList(scopes));
        }

        public Builder missingScopes(String objectType, List<String> scopes) {
            String type = ObjectTypes.singular(objectType);
            missingScopes.put(type, scopes.isEmpty() ? List.of(readScope(type)) : List.copyOf(scopes));
            return this;
        }

        public Builder grantScopes(String... objectTypes) {
            for (String type : objectTypes) {
                missingScopes.remove(ObjectTypes.singular(type));
            }
            return this;
        }

        public Builder scopeErrorForm(ScopeErrorForm form) {
            this.scopeErrorForm = form;
            return this;
        }

        /** These ids always get an OBJECT_NOT_FOUND error entry (without NO_ASSOCIATIONS_FOUND). */
        public Builder failIds(Collection<String> ids) {
            ids.forEach(id -> failedIds.put(id, "OBJECT_NOT_FOUND"));
            return this;
        }

        public Builder failId(String id, String category) {
            failedIds.put(id, category);
            return this;
        }

        public Builder faults(FaultSettings faults) {
            this.faults = faults;
            return this;
        }

        public Builder maxInputs(int maxInputs) {
            this.maxInputs = maxInputs;
            return this;
        }

        public Builder v3MaxPerObject(int max) {
            this.v3MaxPerObject = max;
            return this;
        }

        public Builder v4PageSize(int pageSize) {
            this.v4PageSize = pageSize;
            return this;
        }

        /** Seeds latency, result order and faults; the association truth needs no seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public SimulatorSettings build() {
            Map<String, Long> all = new LinkedHashMap<>(tokens);
            defaultPortalTokens.forEach(t -> all.put(t, portalId));
            if (all.isEmpty() && expiredTokens.isEmpty()) {
                all.put(DEFAULT_TOKEN, portalId);
            }
            return new SimulatorSettings(bindHost, port, all, expiredTokens, portalId, latencyMinMs, latencyMaxMs,
                    tenSecondlyLimit, dailyLimit, sendRetryAfter, missingScopes, scopeErrorForm, failedIds, faults,
                    maxInputs, v3MaxPerObject, v4PageSize, seed, threads);
        }

        private static String readScope(String singularType) {
            String plural = singularType.endsWith("y")
                    ? singularType.substring(0, singularType.length() - 1) + "ies" : singularType + "s";
            return "crm.objects." + plural + ".read";
        }
    }
}
