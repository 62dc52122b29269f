package com.associationenricher.hubspot;

import dev.failsafe.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces one portal's calls so HubSpot never has to say 429: a smooth Failsafe {@link RateLimiter} of
 * {@code requests} per {@code period}, shared by every thread calling the portal, plus a hold that HubSpot's own
 * answers can set. Nobody sleeps: a call that must wait gets a future completed by the scheduler.
 *
 * <p>Adaptive part: HubSpot's budget is per app and account, so other integrations may spend it too. Every answer
 * says how much of the rolling window is left ({@code X-HubSpot-RateLimit-Remaining} of {@code -Max} per
 * {@code -Interval-Milliseconds}). When fewer than {@code reserveFraction} of {@code max} remain, new calls are held for
 * as many of HubSpot's slots ({@code interval / max}) as are missing to the reserve: the window frees about one slot
 * per {@code interval / max} when everybody paces, so after the hold the reserve is back. Alone, at our own pace,
 * the remaining count hovers near the reserve, which also absorbs network jitter; with another app spending the
 * budget, we fall back to what is left. A 429 holds the portal until its Retry-After.
 *
 * <p>A permit reserved before a hold was set is checked again when its time comes, and re-queued if the hold is
 * still on: so a backlog of waiting calls cannot run through a hold.
 */
final class PortalPacer implements RateLimitListener {

    private final long portalId;
    private final RateLimiter<Object> limiter;
    private final Duration maxWait;
    private final double reserveFraction;
    private final ScheduledExecutorService scheduler;
    private final HubSpotCallMetrics metrics;
    private final Clock clock;
    /** System.nanoTime() before which no call may start. */
    private final AtomicLong holdUntilNanos = new AtomicLong(System.nanoTime());

    PortalPacer(long portalId, ResilienceSettings settings, ScheduledExecutorService scheduler, HubSpotCallMetrics metrics,
            Clock clock) {
        this.portalId = portalId;
        this.limiter = RateLimiter.smoothBuilder(settings.rateLimitRequests(), settings.rateLimitPeriod()).build();
        this.maxWait = settings.maxPacingWait();
        this.reserveFraction = settings.reserveFraction();
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Completes when a call may go; exceptionally with {@link PacingBacklogException} if that is too far off. */
    CompletableFuture<Void> acquire() {
        CompletableFuture<Void> permit = new CompletableFuture<>();
        acquire(permit, System.nanoTime());
        return permit;
    }

    private void acquire(CompletableFuture<Void> permit, long startNanos) {
        long now = System.nanoTime();
        long hold = holdUntilNanos.get() - now;
        if (hold > 0) {
            if (now + hold - startNanos > maxWait.toNanos()) {
                permit.completeExceptionally(new PacingBacklogException(portalId, Duration.ofNanos(hold)));
                return;
            }
            scheduler.schedule(() -> acquire(permit, startNanos), hold, TimeUnit.NANOSECONDS);
            return;
        }
        Duration wait = limiter.tryReservePermit(maxWait.minusNanos(now - startNanos));
        if (wait.isNegative()) {
            permit.completeExceptionally(new PacingBacklogException(portalId, maxWait));
            return;
        }
        if (wait.isZero()) {
            release(permit, startNanos);
            return;
        }
        scheduler.schedule(() -> {
            if (holdUntilNanos.get() - System.nanoTime() > 0) {
                acquire(permit, startNanos);
            } else {
                release(permit, startNanos);
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void release(CompletableFuture<Void> permit, long startNanos) {
        metrics.pacingWait(portalId, Duration.ofNanos(System.nanoTime() - startNanos));
        permit.complete(null);
    }

    /** True while a hold (429, low remaining budget) keeps new calls of the portal waiting. */
    boolean holding() {
        return holdUntilNanos.get() - System.nanoTime() > 0;
    }

    /** No call of this portal starts before {@code until}. */
    void holdUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        if (millis > 0) {
            holdFor(Duration.ofMillis(millis));
        }
    }

    void holdFor(Duration hold) {
        long until = System.nanoTime() + hold.toNanos();
        holdUntilNanos.accumulateAndGet(until, Math::max);
    }

    @Override
    public void onRateLimitStatus(BatchReadRequest request, RateLimitStatus status) {
        if (status.max() == null || status.remaining() == null || status.intervalMillis() == null || status.max() <= 0) {
            return;
        }
        long reserve = Math.max(1, (long) Math.ceil(status.max() * reserveFraction));
        long missing = reserve - status.remaining();
        if (missing > 0) {
            holdFor(Duration.ofMillis(status.intervalMillis()).multipliedBy(missing).dividedBy(status.max()));
        }
    }

    @Override
    public String toString() {
        return "PortalPacer[portal=" + portalId + ", limiter=" + limiter.getConfig().getMaxRate() + " per permit]";
    }
}
