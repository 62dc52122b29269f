package com.associationenricher.hubspot;

import dev.failsafe.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

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
 * <p>The pace is this instance's share of the portal's budget ({@link SharedCallLimits#budgetShare}): when the share
 * changes (a rebalance), the limiter is rebuilt at the new pace before the next permit; never below one call per period.
 *
 * <p>A permit reserved before a hold was set is checked again when its time comes, and re-queued if the hold is
 * still on: so a backlog of waiting calls cannot run through a hold.
 */
final class PortalPacer implements RateLimitListener {

    private final long portalId;
    private final int requests;
    private final Duration period;
    private final DoubleSupplier share;
    private volatile RateLimiter<Object> limiter;
    private volatile double pacedShare;
    /** Permits reserved on the current limiter and not yet due, with the wake-up that releases them. */
    private final Map<CompletableFuture<Void>, Waiting> waitingOnLimiter = new ConcurrentHashMap<>();

    private record Waiting(ScheduledFuture<?> wakeUp, long startNanos) {
    }
    private final Duration maxWait;
    private final double reserveFraction;
    private final ScheduledExecutorService scheduler;
    private final HubSpotCallMetrics metrics;
    private final Clock clock;
    /** System.nanoTime() before which no call may start. */
    private final AtomicLong holdUntilNanos = new AtomicLong(System.nanoTime());

    PortalPacer(long portalId, ResilienceSettings settings, ScheduledExecutorService scheduler, HubSpotCallMetrics metrics,
            Clock clock) {
        this(portalId, settings, scheduler, metrics, clock, () -> 1.0);
    }

    PortalPacer(long portalId, ResilienceSettings settings, ScheduledExecutorService scheduler, HubSpotCallMetrics metrics,
            Clock clock, DoubleSupplier share) {
        this.portalId = portalId;
        this.requests = settings.rateLimitRequests();
        this.period = settings.rateLimitPeriod();
        this.share = share;
        this.pacedShare = share.getAsDouble();
        this.limiter = limiterFor(pacedShare);
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
        Duration wait = limiter().tryReservePermit(maxWait.minusNanos(now - startNanos));
        if (wait.isNegative()) {
            permit.completeExceptionally(new PacingBacklogException(portalId, maxWait));
            return;
        }
        if (wait.isZero()) {
            release(permit, startNanos);
            return;
        }
        ScheduledFuture<?> wakeUp = scheduler.schedule(() -> {
            waitingOnLimiter.remove(permit);
            if (holdUntilNanos.get() - System.nanoTime() > 0) {
                acquire(permit, startNanos);
            } else {
                release(permit, startNanos);
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
        waitingOnLimiter.put(permit, new Waiting(wakeUp, startNanos));
        if (wakeUp.isDone()) {
            waitingOnLimiter.remove(permit);
        }
    }

    /** The limiter at the current share, rebuilt when the share moved since the last permit. */
    private RateLimiter<Object> limiter() {
        double current = share.getAsDouble();
        if (current != pacedShare) {
            synchronized (this) {
                if (current != pacedShare) {
                    limiter = limiterFor(current);
                    pacedShare = current;
                    requeueWaiting();
                }
            }
        }
        return limiter;
    }

    /** Permits reserved on the old limiter are reserved again on the new one: at a new pace they would go too late. */
    private void requeueWaiting() {
        for (Map.Entry<CompletableFuture<Void>, Waiting> waiting : Map.copyOf(waitingOnLimiter).entrySet()) {
            waitingOnLimiter.remove(waiting.getKey());
            if (waiting.getValue().wakeUp().cancel(false)) {
                scheduler.execute(() -> acquire(waiting.getKey(), waiting.getValue().startNanos()));
            }
        }
    }

    /** One permit every {@code period / (requests × share)}, at least one per period. */
    private RateLimiter<Object> limiterFor(double fraction) {
        double perPeriod = Math.max(1.0, requests * fraction);
        return RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1L, (long) (period.toNanos() / perPeriod)))).build();
    }

    /** Calls per period this pacer allows now. */
    double pace() {
        return Math.max(1.0, requests * share.getAsDouble());
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
        return "PortalPacer[portal=" + portalId + ", limiter=" + limiter().getConfig().getMaxRate() + " per permit]";
    }
}
