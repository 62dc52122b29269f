package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pacer follows the instance's share of the portal's budget, also for permits already waiting. */
class PacerShareTest {
    final SharedCallLimits shared = ResilienceFixtures.shared(new SimpleMeterRegistry());
    final AtomicReference<Double> share = new AtomicReference<>(1.0);
    final PortalPacer pacer = new PortalPacer(7, fast().withRateLimit(10, Duration.ofSeconds(10), Duration.ofMinutes(5)),
            shared.scheduler(), shared.metrics(), Clock.systemUTC(), share::get);

    @AfterEach
    void stop() {
        shared.close();
    }

    @Test
    void thePaceIsTheShareOfTheBudgetAndNeverBelowOneCallPerPeriod() {
        assertThat(pacer.pace()).isEqualTo(10.0);
        share.set(1.0 / 3);
        assertThat(pacer.pace()).isCloseTo(10.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        share.set(0.0);
        assertThat(pacer.pace()).isEqualTo(1.0);
    }

    @Test
    void aPermitWaitingAtASmallShareIsGrantedSoonWhenTheShareGrows() {
        share.set(0.1); // one call per 10 s
        pacer.acquire().join();
        CompletableFuture<Void> second = pacer.acquire();
        assertThat(second).isNotDone();

        share.set(1.0); // one call per second
        CompletableFuture<Void> third = pacer.acquire();

        Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> second.isDone() && third.isDone());
        assertThat(second).isCompleted();
    }
}
