package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorHttp.bearer;
import static com.associationenricher.tools.simulator.SimulatorHttp.daemonThreads;
import static com.associationenricher.tools.simulator.SimulatorHttp.pause;
import static com.associationenricher.tools.simulator.SimulatorHttp.readAll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for HubSpot's association APIs, realistic enough to break a client the way HubSpot does:
 * bearer tokens per portal, the rolling 10-second and daily limits with HubSpot's 429 bodies and headers, missing
 * scopes in each of HubSpot's forms, per-id errors in 207 answers, the 1,000-input limit, and injected faults
 * (5xx bursts, dropped connections, slow answers, truncated JSON). The associations themselves come from
 * {@link AssociationTruth}, so a test knows what the answer must be.
 *
 * <p>Each request goes through: latency, authentication, rate limits, fault draw, scope check, the endpoint.
 * Settings can be swapped while running ({@link #update}); counters are in {@link #stats()}.
 */
public final class HubSpotSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotSimulator.class);
    private static final List<ScopeErrorForm> SCOPE_FORMS = List.of(ScopeErrorForm.CONTEXT_MISSING_SCOPES,
            ScopeErrorForm.ERRORS_CONTEXT_STRING, ScopeErrorForm.REQUIRED_GRANULAR_SCOPES);

    private final AtomicReference<SimulatorSettings> settings;
    private final Clock clock;
    private final Random random;
    private final SimulatorStats stats = new SimulatorStats();
    private final RateLimitLedger ledger;
    private final FaultInjector faults;
    private final AtomicInteger scopeErrors = new AtomicInteger();
    private final AccountEndpoints accounts = new AccountEndpoints();
    private final ObjectUniverse universe = new ObjectUniverse();
    private final java.util.Set<Long> dailyLimitReached = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService executor;

    private HubSpotSimulator(SimulatorSettings initial, Clock clock) throws IOException {
        this.settings = new AtomicReference<>(initial);
        this.clock = clock;
        this.random = new Random(initial.seed());
        this.ledger = new RateLimitLedger(clock);
        this.faults = new FaultInjector(new Random(initial.seed() * 31 + 7));
        this.server = HttpServer.create(new InetSocketAddress(initial.bindHost(), initial.port()), 1024);
        this.executor = initial.threads() > 0
                ? Executors.newFixedThreadPool(initial.threads(), daemonThreads())
                : Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on the settings' host and port (0 = a free port), with the system clock. */
    public static HubSpotSimulator start(SimulatorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Starts with a given clock, e.g. a {@link ManualClock} to cross rate-limit windows without waiting. */
    public static HubSpotSimulator start(SimulatorSettings settings, Clock clock) {
        try {
            HubSpotSimulator simulator = new HubSpotSimulator(settings, clock);
            LOG.info("HubSpot simulator listening on {} with {}", simulator.baseUrl(), settings);
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HubSpot simulator on " + settings.bindHost() + ":" + settings.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        String host = settings.get().bindHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The pre-existing objects the list endpoints serve; tests change associations and delete objects through it. */
    public ObjectUniverse universe() {
        return universe;
    }

    public SimulatorStats stats() {
        return stats;
    }

    public SimulatorSettings settings() {
        return settings.get();
    }

    /** Swaps the settings for the next requests; bind host, port, seed and threads keep their start values. */
    public void update(UnaryOperator<SimulatorSettings> change) {
        settings.updateAndGet(change);
    }

    /** The token now has the scopes for these object types (e.g. {@code "deals"}): no more 403 for them. */
    public void grantScopes(String... objectTypes) {
        update(s -> s.toBuilder().grantScopes(objectTypes).build());
    }

    public void revokeScopes(String objectType, String... scopes) {
        update(s -> s.toBuilder().missingScopes(objectType, scopes).build());
    }

    /** New fault rates; a 5xx burst in progress ends. */
    public void setFaults(FaultSettings newFaults) {
        update(s -> s.toBuilder().faults(newFaults).build());
        faults.endBurst();
    }

    /** The portal's refresh token for the OAuth grant ({@code POST /oauth/v1/token}); issued access tokens read that portal. */
    public void registerRefreshToken(String refreshToken, long portalId) {
        accounts.registerRefreshToken(refreshToken, portalId);
    }

    /** This portal's daily limit is spent (429 DAILY) until {@link #resetDailyLimit}; other portals are unaffected. */
    public void reachDailyLimit(long portalId) {
        dailyLimitReached.add(portalId);
    }

    public void resetDailyLimit(long portalId) {
        dailyLimitReached.remove(portalId);
    }

    /** The portal a bearer token reads: a configured token, or an access token issued by the OAuth grant. */
    private Long portalOf(String token, SimulatorSettings current) {
        if (token == null || current.expiredTokens().contains(token)) {
            return null;
        }
        Long configured = current.tokens().get(token);
        return configured != null ? configured : accounts.portalOfIssued(token);
    }

    /** Forgets the rate-limit windows and daily counts (the counters in {@link #stats()} stay). */
    public void resetRateLimits() {
        ledger.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Instant requestedAt = clock.instant();
            byte[] requestBody = readAll(exchange.getRequestBody());
            String path = exchange.getRequestURI().getRawPath();
            if (ControlEndpoints.handles(path)) {
                write(exchange, ControlEndpoints.answer(path, stats));
                return;
            }
            if (AccountEndpoints.handles(path)) {
                write(exchange, accounts.answer(exchange.getRequestMethod(), path, new String(requestBody, java.nio.charset.StandardCharsets.UTF_8),
                        portalOf(bearer(exchange.getRequestHeaders().getFirst("Authorization")), settings.get()), settings.get()));
                return;
            }
            Route route = Route.of(path);
            stats.countCall(route.endpoint());
            SimulatorSettings current = settings.get();
            pause(latency(current));
            Answer answer = answer(exchange, route, requestBody, current, requestedAt);
            if (answer != null) {
                write(exchange, answer);
            }
        } catch (IOException e) {
            LOG.debug("client went away before the answer was written: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
        }
    }

    /** The answer to write, or null when the connection is to be dropped. */
    private Answer answer(HttpExchange exchange, Route route, byte[] requestBody, SimulatorSettings current, Instant requestedAt) {
        String correlationId = correlationId();
        String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        Long knownPortal = portalOf(token, current);
        if (knownPortal == null) {
            return ErrorBodies.unauthorized(token != null && current.expiredTokens().contains(token), correlationId);
        }
        long portalId = knownPortal;
        stats.countPortalCall(portalId);
        if (dailyLimitReached.contains(portalId)) {
            stats.countRateLimited(RateLimitLedger.DAILY);
            return ErrorBodies.rateLimited(RateLimitLedger.DAILY, portalId, correlationId);
        }
        RateLimitLedger.Verdict verdict = ledger.admit(portalId, current);
        if (!verdict.admitted()) {
            stats.countRateLimited(verdict.policy());
            Answer limited = ErrorBodies.rateLimited(verdict.policy(), portalId, correlationId).withHeaders(verdict.headers());
            return current.sendRetryAfter() && verdict.retryAfterSeconds() > 0
                    ? limited.withHeaders(Map.of("Retry-After", Long.toString(verdict.retryAfterSeconds()))) : limited;
        }
        if (route.endpoint() == Endpoint.UNKNOWN) {
            return ErrorBodies.notFound("Unknown path " + exchange.getRequestURI().getRawPath(), "OBJECT_NOT_FOUND", correlationId)
                    .withHeaders(verdict.headers());
        }
        FaultInjector.Drawn fault = faults.draw(current.faults());
        if (fault != null) {
            stats.countFault(fault.kind());
            if (fault.kind() == FaultKind.SERVER_ERROR) {
                return ErrorBodies.serverError(fault.serverErrorStatus(), correlationId).withHeaders(verdict.headers());
            }
            if (fault.kind() == FaultKind.CONNECTION_RESET) {
                return null;
            }
        }
        Answer answer = endpointAnswer(exchange, route, requestBody, new CallContext(portalId, current, requestedAt, clock,
                random, stats, correlationId, universe)).withHeaders(verdict.headers());
        if (fault != null && fault.kind() == FaultKind.SLOW_RESPONSE) {
            pause(current.faults().slowResponseMs());
        }
        if (fault != null && fault.kind() == FaultKind.MALFORMED_BODY && answer.body().length > 1) {
            int cut = 1 + random.nextInt(answer.body().length - 1);
            answer = answer.withBody(Arrays.copyOf(answer.body(), cut));
        }
        return answer;
    }

    private Answer endpointAnswer(HttpExchange exchange, Route route, byte[] requestBody, CallContext call) {
        if (!route.method().equalsIgnoreCase(exchange.getRequestMethod())) {
            return ErrorBodies.methodNotAllowed(exchange.getRequestMethod());
        }
        if (route.endpoint() == Endpoint.SCHEMAS) {
            return SchemasEndpoint.answer(call.portalId());
        }
        List<String> missing = call.settings().missingScopesFor(route.fromType(), route.toType());
        if (!missing.isEmpty()) {
            ScopeErrorForm form = call.settings().scopeErrorForm();
            if (form == ScopeErrorForm.ROTATE) {
                form = SCOPE_FORMS.get(Math.floorMod(scopeErrors.getAndIncrement(), SCOPE_FORMS.size()));
            }
            return ErrorBodies.missingScopes(missing, form, call.correlationId());
        }
        return switch (route.endpoint()) {
            case V3_BATCH_READ -> BatchReadEndpoint.answer(BatchReadEndpoint.Shape.V3, route.fromType(), route.toType(), requestBody, call);
            case V4_BATCH_READ, DATED_BATCH_READ ->
                    BatchReadEndpoint.answer(BatchReadEndpoint.Shape.V4, route.fromType(), route.toType(), requestBody, call);
            case OBJECT_ASSOCIATIONS -> ObjectAssociationsEndpoint.answer(route.fromType(), route.objectId(), route.toType(),
                    exchange.getRequestURI().getRawQuery(), call);
            case OBJECT_SEARCH -> ObjectListEndpoint.search(route.fromType(), universe, call);
            case OBJECT_LIST -> ObjectListEndpoint.answer(route.fromType(), exchange.getRequestURI().getRawQuery(), universe, call);
            case SCHEMAS, UNKNOWN -> throw new IllegalStateException("unknown routes are answered before");
        };
    }

    private void write(HttpExchange exchange, Answer answer) throws IOException {
        if (!ControlEndpoints.handles(exchange.getRequestURI().getRawPath())) {
            stats.countResponse(answer.status());
        }
        SimulatorHttp.send(exchange, answer);
    }

    private int latency(SimulatorSettings current) {
        int spread = current.latencyMaxMs() - current.latencyMinMs();
        return current.latencyMinMs() + (spread == 0 ? 0 : random.nextInt(spread + 1));
    }

    private String correlationId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
