package com.associationenricher.tools.simulator;

import static com.associationenricher.tools.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private HubSpotSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void exactlyTheRequestsAboveTheTenSecondLimitGet429TenSecondlyRolling() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().tenSecondlyLimit(10).build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            Callable<HttpResponse<String>> call = () -> client.batchRead("v3", "contacts", "companies", List.of("1"));
            calls.add(pool.submit(call));
        }
        List<HttpResponse<String>> limited = new ArrayList<>();
        for (Future<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 429) {
                limited.add(response);
            }
        }
        pool.shutdown();

        assertThat(limited).hasSize(3).allSatisfy(response -> {
            assertThat(json(response).get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
            assertThat(json(response).get("errorType").asText()).isEqualTo("RATE_LIMIT");
            assertThat(json(response).get("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");
            assertThat(response.headers().firstValue("X-HubSpot-RateLimit-Remaining")).hasValue("0");
        });
        assertThat(simulator.stats().rateLimited("TEN_SECONDLY_ROLLING")).isEqualTo(3);
    }

    @Test
    void theWindowRollsSoRequestsPassAgainTenSecondsLater() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().tenSecondlyLimit(2).retryAfter(true).build());
        assertThat(status(client)).isNotEqualTo(429);
        clock.advance(Duration.ofSeconds(4));
        assertThat(status(client)).isNotEqualTo(429);
        HttpResponse<String> refused = client.batchRead("v3", "contacts", "companies", List.of("1"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("6");

        clock.advance(Duration.ofSeconds(6));

        assertThat(status(client)).isNotEqualTo(429);
        assertThat(status(client)).isEqualTo(429);
    }

    @Test
    void everyAdmittedAnswerCarriesTheRateLimitHeaders() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().tenSecondlyLimit(5).build());
        HttpResponse<String> first = client.batchRead("v3", "contacts", "companies", List.of("1"));
        HttpResponse<String> second = client.batchRead("v3", "contacts", "companies", List.of("abc"));

        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Max")).hasValue("5");
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Remaining")).hasValue("4");
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")).hasValue("10000");
        assertThat(second.headers().firstValue("X-HubSpot-RateLimit-Remaining")).hasValue("3");
        assertThat(first.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void theDailyLimitAnswers429DailyUntilTheNextUtcDay() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().dailyLimit(3).build());
        for (int i = 0; i < 3; i++) {
            assertThat(status(client)).isNotEqualTo(429);
        }
        HttpResponse<String> refused = client.batchRead("v3", "contacts", "companies", List.of("1"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("policyName").asText()).isEqualTo("DAILY");
        assertThat(refused.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining")).hasValue("0");
        clock.advance(Duration.ofHours(1));
        assertThat(status(client)).isEqualTo(429);

        clock.set(Instant.parse("2026-03-03T00:00:00Z"));

        assertThat(status(client)).isNotEqualTo(429);
        assertThat(simulator.stats().rateLimited("DAILY")).isEqualTo(2);
    }

    @Test
    void theSingleObjectEndpointUsesTheSameBudget() throws Exception {
        SimulatorClient client = start(SimulatorSettings.builder().tenSecondlyLimit(1).build());
        assertThat(status(client)).isEqualTo(200);
        assertThat(client.get("/crm/v3/objects/contacts/1/associations/companies").statusCode()).isEqualTo(429);
    }

    private SimulatorClient start(SimulatorSettings settings) {
        simulator = HubSpotSimulator.start(settings, clock);
        return new SimulatorClient(simulator, SimulatorSettings.DEFAULT_TOKEN);
    }

    private static int status(SimulatorClient client) throws Exception {
        return client.batchRead("v3", "contacts", "companies", List.of("1")).statusCode();
    }
}
