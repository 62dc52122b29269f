package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Runs every failure path with a distinctive token and looks for it in everything the client produces. */
class TokenHygieneTest {

    static final String TOKEN = "pat-na1-SECRET-7f3c9e2a-hygiene";

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger clientLogger = (Logger) LoggerFactory.getLogger(HubSpotAssociationsClient.class);
    Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = clientLogger.getLevel();
        clientLogger.setLevel(Level.DEBUG);
        logs.start();
        clientLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        clientLogger.detachAppender(logs);
        clientLogger.setLevel(previousLevel);
    }

    @Test
    void theTokenAppearsInNoOutcomeMessageLogLineOrToString() throws Exception {
        List<Supplier<Answer>> script = List.of(
                () -> Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"1\"},\"to\":[]}]}"),
                () -> Answer.json(207, "{\"status\":\"COMPLETE\",\"errors\":[{\"category\":\"OBJECT_NOT_FOUND\",\"message\":\"x\",\"context\":{\"ids\":[\"1\"]}}]}"),
                () -> Answer.json(401, "{\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}"),
                // A misbehaving edge that echoes the Authorization header must not leak it either.
                () -> Answer.json(401, "{\"message\":\"Bad header: Bearer " + TOKEN + "\",\"context\":{\"header\":[\"" + TOKEN + "\"]}}"),
                () -> Answer.status(502).body("<html>upstream said Bearer " + TOKEN + "</html>"),
                () -> Answer.json(403, "{\"category\":\"MISSING_SCOPES\",\"message\":\"m\",\"context\":\"{missingScopes=[a]}\"}"),
                () -> Answer.json(400, "{\"category\":\"VALIDATION_ERROR\",\"message\":\"bad\"}"),
                () -> Answer.json(429, "{\"policyName\":\"TEN_SECONDLY_ROLLING\",\"message\":\"secondly\"}").header("Retry-After", "1"),
                () -> Answer.json(429, "{\"policyName\":\"DAILY\",\"message\":\"daily\"}"),
                () -> Answer.status(423),
                () -> Answer.status(500),
                () -> Answer.json(477, "{}").header("Retry-After", "60"),
                () -> Answer.json(200, "{not json"),
                () -> Answer.json(200, "{\"status\":\"PENDING\"}"),
                () -> Answer.json(200, "{\"status\":\"CANCELED\"}"),
                Answer::dropConnection,
                () -> Answer.json(200, "{}").delay(Duration.ofSeconds(5)),
                () -> Answer.json(200, "{\"status\":\"COMPLETE\",\"results\":[]}").truncatedAfter(5));

        List<String> texts = new ArrayList<>();
        for (Supplier<Answer> answer : script) {
            try (ScriptedHubSpotServer server = ScriptedHubSpotServer.start()) {
                server.answer(answer.get());
                HubSpotAssociationsClient client = client(server.baseUrl());
                HttpCallResult result = client.call(new BatchReadRequest(1L, "deals", "companies", List.of("1", "2")))
                        .get(30, TimeUnit.SECONDS);
                texts.add(result.toString());
                texts.add(client.toString());
                assertThat(server.requests()).singleElement()
                        .satisfies(sent -> assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN));
            }
        }
        HubSpotAssociationsClient refused = client(URI.create("http://127.0.0.1:1"));
        texts.add(refused.call(new BatchReadRequest(1L, "deals", "companies", List.of("1"))).get(30, TimeUnit.SECONDS).toString());
        texts.add(new StaticTokenProvider(TOKEN).toString());
        logs.list.forEach(event -> {
            texts.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                texts.add(event.getThrowableProxy().getMessage());
            }
        });

        assertThat(logs.list).as("the failure paths were logged").hasSizeGreaterThanOrEqualTo(script.size());
        assertThat(String.join("\n", texts)).contains("[redacted]").doesNotContain(TOKEN).doesNotContain("SECRET-7f3c9e2a");
    }

    static HubSpotAssociationsClient client(URI baseUrl) {
        return new HubSpotAssociationsClient(baseUrl, new StaticTokenProvider(TOKEN), Duration.ofMillis(1_500),
                HttpClient.newHttpClient(), RateLimitListener.NONE, Clock.systemUTC(), ZoneOffset.UTC);
    }
}
