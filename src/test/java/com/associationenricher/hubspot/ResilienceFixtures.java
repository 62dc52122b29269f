package com.associationenricher.hubspot;

import com.associationenricher.config.AssociationsApi;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.hubspot.ScriptedHubSpotServer.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Shared set-up of the resilient reader's tests: policies on a fast time scale, answers, request bodies. */
final class ResilienceFixtures {

    private ResilienceFixtures() {
    }

    /** The production policies with every duration shrunk so a test runs in a second or two. */
    static ResilienceSettings fast() {
        return ResilienceSettings.builder()
                .api(AssociationsApi.V3, false)
                .rateLimit(1_000, Duration.ofSeconds(1), Duration.ofSeconds(5))
                .reserveFraction(0.1)
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .retries(3, Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(100))
                .breaker(5, 10, Duration.ofMillis(400), 1)
                .dailyLimitPause(Duration.ofHours(1))
                .build();
    }

    static SharedCallLimits shared(SimpleMeterRegistry registry) {
        return new SharedCallLimits(16, Duration.ofSeconds(2), registry);
    }

    static ResilientAssociationsReader reader(URI baseUrl, TokenProvider tokens, ResilienceSettings settings,
            SharedCallLimits shared) {
        return ResilientAssociationsReader.create(42L, baseUrl, tokens, settings, shared, HttpClient.newHttpClient(),
                Clock.systemUTC(), ZoneOffset.UTC);
    }

    static BatchReadRequest request(String... ids) {
        return new BatchReadRequest(42L, "deals", "companies", List.of(ids));
    }

    static BatchReadRequest request(List<String> ids) {
        return new BatchReadRequest(42L, "deals", "companies", ids);
    }

    static List<String> ids(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(Integer::toString).toList();
    }

    static BatchReadResult read(AssociationsReader reader, BatchReadRequest request) throws Exception {
        return reader.read(request).get(30, TimeUnit.SECONDS);
    }

    /** A v3 200 answer giving every id one company, {@code 9<id>}. */
    static Answer found(List<String> ids) {
        String results = ids.stream()
                .map(id -> "{\"from\":{\"id\":\"" + id + "\"},\"to\":[{\"id\":\"9" + id + "\",\"type\":\"deal_to_company\"}]}")
                .collect(Collectors.joining(","));
        return Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[" + results + "]}");
    }

    static Answer found(String... ids) {
        return found(List.of(ids));
    }

    /** The ids a batch/read request asked for. */
    static List<String> idsOf(RecordedRequest request) {
        try {
            JsonNode inputs = HubSpotJson.MAPPER.readTree(request.body()).get("inputs");
            List<String> ids = new ArrayList<>();
            inputs.forEach(input -> ids.add(input.get("id").asText()));
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException("not a batch/read body: " + request.body(), e);
        }
    }

    /** Milliseconds between consecutive requests matching {@code which}. */
    static List<Long> gapsMillis(List<RecordedRequest> requests, Predicate<RecordedRequest> which) {
        List<RecordedRequest> chosen = requests.stream().filter(which).toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < chosen.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(chosen.get(i).receivedAtNanos() - chosen.get(i - 1).receivedAtNanos()));
        }
        return gaps;
    }
}
