package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static com.associationenricher.hubspot.ResilienceFixtures.read;
import static com.associationenricher.hubspot.ResilienceFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.hubspot.ScriptedHubSpotServer.Answer;
import com.associationenricher.tools.simulator.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 14: HubSpot resets a portal's daily limit at midnight in the portal's own time zone (account-info),
 * so that is when the portal is called again, at most {@code hubspot.daily-limit-pause} later; with the zone unknown,
 * one call probes every {@code daily-limit-pause}.
 */
class DailyLimitTimeZoneTest {

    static final Instant NOW = Instant.parse("2026-03-02T14:30:00Z");
    static final String DAILY = ResilientAssociationsReaderTest.DAILY;

    final ScriptedHubSpotServer server = ScriptedHubSpotServer.start();
    final SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry());
    final ManualClock clock = new ManualClock(NOW);
    /** What batch/read answers; account-info answers {@link #accountInfo}. */
    final AtomicReference<Answer> batchRead = new AtomicReference<>(Answer.json(429, DAILY));
    final AtomicReference<Answer> accountInfo = new AtomicReference<>();

    @AfterEach
    void stop() {
        shared.close();
        server.close();
    }

    /** A reader that learns its portal's zone from account-info (no zone configured). */
    ResilientAssociationsReader reader() {
        server.respondWith(request -> request.path().equals("/account-info/v3/details") ? accountInfo.get()
                : batchRead.get() != null ? batchRead.get() : found(idsOf(request)));
        ResilientAssociationsReader reader = ResilientAssociationsReader.create(42L, server.baseUrl(),
                new StaticTokenProvider("pat-test"), fast().withDailyLimitPause(Duration.ofHours(12)), shared,
                HttpClient.newHttpClient(), clock, (ZoneId) null);
        return reader;
    }

    static Answer zone(String name, long offsetMillis) {
        return Answer.json(200, "{\"portalId\":42,\"timeZone\":\"" + name + "\",\"utcOffsetMilliseconds\":" + offsetMillis + "}");
    }

    @Test
    void dailyLimitPausesUntilMidnightInThePortalsOwnTimeZone() throws Exception {
        accountInfo.set(zone("Asia/Tokyo", 32_400_000));
        ResilientAssociationsReader reader = reader();

        assertThat(read(reader, request("1")).outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class,
                deferred -> assertThat(deferred.until()).as("midnight in Tokyo, not in UTC")
                        .isEqualTo(Instant.parse("2026-03-02T15:00:00Z")));
    }

    @Test
    void aMidnightFurtherAwayThanTheDailyLimitPauseIsCappedByIt() throws Exception {
        accountInfo.set(zone("America/Los_Angeles", -28_800_000));
        ResilientAssociationsReader reader = reader();

        assertThat(read(reader, request("1")).outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class,
                deferred -> assertThat(deferred.until()).isEqualTo(NOW.plus(Duration.ofHours(12))));
    }

    @Test
    void withTheZoneUnknownOneCallProbesEveryDailyLimitPause() throws Exception {
        accountInfo.set(Answer.json(500, "{\"message\":\"unavailable\"}"));
        ResilientAssociationsReader reader = reader();

        assertThat(read(reader, request("1")).outcomes().get("1")).isInstanceOfSatisfying(IdOutcome.Deferred.class,
                deferred -> assertThat(deferred.until()).as("no zone: not UTC midnight, the daily-limit-pause")
                        .isEqualTo(NOW.plus(Duration.ofHours(12))));
        clock.advance(Duration.ofHours(12));
        batchRead.set(null);
        server.answer(found("2").delay(Duration.ofMillis(500)));

        CompletableFuture<BatchReadResult> probe = reader.read(request("2"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requests("/batch/read").size() == 2);
        BatchReadResult whileProbing = read(reader, request("3"));

        assertThat(whileProbing.outcomes().get("3")).as("one probe at a time").isInstanceOfSatisfying(IdOutcome.Deferred.class,
                deferred -> assertThat(deferred.until()).as("asked again soon after the probe, not a request timeout later")
                        .isBeforeOrEqualTo(clock.instant().plus(PortalCalls.PROBE_RECHECK)));
        assertThat(probe.get(10, TimeUnit.SECONDS).outcomes().get("2")).isInstanceOf(IdOutcome.Found.class);
        assertThat(read(reader, request("4")).outcomes().get("4")).as("the probe answered: the portal is open again")
                .isInstanceOf(IdOutcome.Found.class);
        assertThat(server.requests("/batch/read")).hasSize(3);
        assertThat(server.requests("/account-info")).as("asked once, at the first daily limit").hasSize(1);
    }
}
