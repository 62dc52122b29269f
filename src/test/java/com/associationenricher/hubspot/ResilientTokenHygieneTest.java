package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.tools.simulator.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every failure path of the resilient reader, with distinctive credentials (a private-app token, and an OAuth client
 * secret, refresh token and access token) that misbehaving answers even echo back: none of them may appear in an
 * outcome, a log line, a meter or a {@code toString()}.
 */
class ResilientTokenHygieneTest {

    static final String TOKEN = "pat-na1-SECRET-5e8a1d-hygiene";
    static final String CLIENT_SECRET = "oauth-client-SECRET-3b7f";
    static final String REFRESH = "oauth-refresh-SECRET-c41d";
    static final String ACCESS = "oauth-access-SECRET-90ae";
    static final List<String> SECRETS = List.of(TOKEN, CLIENT_SECRET, REFRESH, ACCESS);

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger packageLogger = (Logger) LoggerFactory.getLogger("com.associationenricher.hubspot");
    Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = packageLogger.getLevel();
        packageLogger.setLevel(Level.DEBUG);
        logs.start();
        packageLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        packageLogger.detachAppender(logs);
        packageLogger.setLevel(previousLevel);
    }

    static Map<String, Supplier<Answer>> failures(String echoed) {
        Map<String, Supplier<Answer>> answers = new java.util.LinkedHashMap<>();
        answers.put("401 echoing the header", () -> Answer.json(401, "{\"message\":\"Bad header: Bearer " + echoed
                + "\",\"category\":\"EXPIRED_AUTHENTICATION\",\"context\":{\"header\":[\"" + echoed + "\"]}}"));
        answers.put("502 echoing", () -> Answer.status(502).body("<html>upstream said Bearer " + echoed + "</html>"));
        answers.put("403", () -> Answer.json(403, "{\"category\":\"MISSING_SCOPES\",\"message\":\"" + echoed + "\",\"context\":\"{missingScopes=[a]}\"}"));
        answers.put("400 split", () -> Answer.json(400, "{\"category\":\"VALIDATION_ERROR\",\"message\":\"bad " + echoed + "\"}"));
        answers.put("429 secondly", () -> Answer.json(429, "{\"policyName\":\"TEN_SECONDLY_ROLLING\",\"message\":\"" + echoed + "\"}"));
        answers.put("429 daily", () -> Answer.json(429, "{\"policyName\":\"DAILY\",\"message\":\"daily " + echoed + "\"}"));
        answers.put("423", () -> Answer.status(423).body(echoed));
        answers.put("477", () -> Answer.json(477, "{\"message\":\"" + echoed + "\"}").header("Retry-After", "3600"));
        answers.put("malformed", () -> Answer.json(200, "{not json " + echoed));
        answers.put("pending", () -> Answer.json(200, "{\"status\":\"PENDING\"}"));
        answers.put("canceled", () -> Answer.json(200, "{\"status\":\"CANCELED\"}"));
        answers.put("dropped", Answer::dropConnection);
        answers.put("slow", () -> Answer.json(200, "{}").delay(Duration.ofSeconds(1)));
        return answers;
    }

    @Test
    void noCredentialLeaksFromAnyFailurePathOfAPrivateAppToken() throws Exception {
        List<String> texts = new ArrayList<>();
        for (var failure : failures(TOKEN).entrySet()) {
            runScenario(failure.getValue(), new StaticTokenProvider(TOKEN), texts);
        }
        assertNoSecretIn(texts);
    }

    @Test
    void noCredentialLeaksFromAnyFailurePathOfOAuth() throws Exception {
        List<String> texts = new ArrayList<>();
        for (var failure : failures(ACCESS + " " + REFRESH + " " + CLIENT_SECRET).entrySet()) {
            runScenario(failure.getValue(), null, texts);
        }
        // The token endpoint itself failing, echoing what it was sent.
        for (int status : List.of(400, 401, 500)) {
            runScenario(() -> Answer.json(status, "{\"status\":\"" + REFRESH + "\",\"message\":\"" + CLIENT_SECRET + "\"}"),
                    null, texts, true);
        }
        assertNoSecretIn(texts);
    }

    private void runScenario(Supplier<Answer> answer, TokenProvider tokens, List<String> texts) throws Exception {
        runScenario(answer, tokens, texts, false);
    }

    private void runScenario(Supplier<Answer> answer, TokenProvider given, List<String> texts, boolean tokenEndpointFails)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
                SharedCallLimits shared = ResilienceFixtures.shared(registry)) {
            server.respondWith(request -> {
                if (request.path().equals("/oauth/v1/token")) {
                    return tokenEndpointFails ? answer.get()
                            : Answer.json(200, "{\"access_token\":\"" + ACCESS + "\",\"refresh_token\":\"" + REFRESH + "\",\"expires_in\":1800}");
                }
                return answer.get();
            });
            TokenProvider tokens = given != null ? given : new OAuthTokenProvider(server.baseUrl(), "client-1", CLIENT_SECRET,
                    REFRESH, HttpClient.newHttpClient(), Duration.ofSeconds(2), new ManualClock(Instant.now()), 0.8);
            ResilienceSettings settings = fast().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(1))
                    .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10));
            ResilientAssociationsReader reader = ResilienceFixtures.reader(server.baseUrl(), tokens, settings, shared);
            BatchReadResult result = ResilienceFixtures.read(reader, ResilienceFixtures.request("1", "2"));
            texts.add(result.toString());
            texts.add(reader.toString());
            texts.add(tokens.toString());
            registry.getMeters().forEach(meter -> texts.add(meter.getId().toString()));
            assertThat(server.requests()).as("the scenario reached the server").isNotEmpty();
        }
    }

    private void assertNoSecretIn(List<String> texts) {
        logs.list.forEach(event -> {
            texts.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        });
        assertThat(logs.list).as("the failure paths were logged").isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(texts).noneMatch(text -> text.contains(secret));
        }
    }
}
