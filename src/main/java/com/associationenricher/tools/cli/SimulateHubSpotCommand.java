package com.associationenricher.tools.cli;

import com.associationenricher.tools.simulator.FaultSettings;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the HubSpot simulator until the process is stopped, for the demo, docker-compose and manual tests. */
@Command(name = "simulate-hubspot", mixinStandardHelpOptions = true,
        description = "Serves HubSpot's association APIs locally, with deterministic associations, limits and faults.")
public final class SimulateHubSpotCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8089", description = "Port to listen on, 0 = a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind, 0.0.0.0 in a container (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--token", defaultValue = "${env:ENRICHER_HUBSPOT_TOKEN:-demo-token}",
            description = "Bearer token to accept (default: $ENRICHER_HUBSPOT_TOKEN or demo-token).")
    String token;

    @Option(names = "--portal-id", defaultValue = "123456", description = "Portal the token belongs to (default: ${DEFAULT-VALUE}).")
    long portalId;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MIN-MAX",
            description = "Latency per request, uniformly drawn, e.g. 20-80 (default: ${DEFAULT-VALUE}).")
    String latencyMs;

    @Option(names = "--rate-limit", defaultValue = "0", paramLabel = "N", description = "Requests per rolling 10 s, 0 = unlimited.")
    int rateLimit;

    @Option(names = "--daily-limit", defaultValue = "0", paramLabel = "N", description = "Requests per UTC day, 0 = unlimited.")
    long dailyLimit;

    @Option(names = "--retry-after", description = "Send Retry-After with ten-secondly 429s.")
    boolean retryAfter;

    @Option(names = "--missing-scopes", paramLabel = "TYPE=scope1,scope2",
            description = "Answer 403 MISSING_SCOPES for calls touching TYPE (repeatable); scopes default to crm.objects.<type>.read.")
    List<String> missingScopes = new ArrayList<>();

    @Option(names = "--fail-ids", split = ",", paramLabel = "ID", description = "Ids that always get an OBJECT_NOT_FOUND error entry.")
    List<String> failIds = new ArrayList<>();

    @Option(names = "--fault-rate", defaultValue = "0.0", description = "Share of requests that fail on purpose: 5xx bursts, "
            + "dropped connections, slow answers, truncated JSON (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--objects", split = ",", paramLabel = "TYPE=COUNT",
            description = "Objects that exist before anything changes, listed by GET /crm/v3/objects/{type} for backfill "
                    + "and reconcile, e.g. contacts=100000,companies=20000 (ids from 1,000,000).")
    java.util.Map<String, Integer> objects = new java.util.LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of latency, result order and faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        HubSpotSimulator simulator = HubSpotSimulator.start(settings());
        objects.forEach((type, count) -> simulator.universe().seed(portalId, type, 1_000_000, count));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "hubspot-simulator-shutdown"));
        System.out.println("HubSpot simulator listening on " + simulator.baseUrl() + " (portal " + portalId + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    SimulatorSettings settings() {
        int[] latency = latency(latencyMs);
        SimulatorSettings.Builder builder = SimulatorSettings.builder()
                .bindHost(bind)
                .port(port)
                .portalId(portalId)
                .token(token)
                .latencyMs(latency[0], latency[1])
                .tenSecondlyLimit(rateLimit)
                .dailyLimit(dailyLimit)
                .retryAfter(retryAfter)
                .failIds(failIds)
                .faults(FaultSettings.mixed(faultRate))
                .seed(seed);
        scopes(missingScopes).forEach(builder::missingScopes);
        return builder.build();
    }

    private static int[] latency(String spec) {
        String[] parts = spec.trim().split("-", 2);
        try {
            int min = Integer.parseInt(parts[0].trim());
            int max = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : min;
            return new int[] {min, max};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--latency-ms must be MIN-MAX or a number of milliseconds, got '" + spec + "'");
        }
    }

    private static Map<String, List<String>> scopes(List<String> specs) {
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String type = (eq < 0 ? spec : spec.substring(0, eq)).trim();
            List<String> names = eq < 0 ? List.of() : Arrays.stream(spec.substring(eq + 1).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            scopes.put(type, names);
        }
        return scopes;
    }
}
