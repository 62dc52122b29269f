package com.associationenricher.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One portal's daily limit (429 {@code policyName=DAILY}). HubSpot resets it at midnight in the portal's own time
 * zone, which account-info tells ({@link PortalDiscovery#timeZoneOf}, asked at the portal's first daily limit and
 * remembered): the portal is paused until then, at most
 * {@code hubspot.daily-limit-pause}. With the zone unknown the pause is {@code daily-limit-pause} itself. When a pause
 * ends, one call goes first as a probe; the others wait until it answers without the daily limit, so a portal still
 * at its limit costs one call per pause, not one per batch.
 */
final class DailyLimitPause {

    /** Whether a call may go now. */
    enum Admission { GO, PROBE, WAIT }

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;
    private final Duration cap;
    private final Supplier<CompletableFuture<Optional<ZoneId>>> lookup;
    private final AtomicReference<ZoneId> zone = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Optional<ZoneId>>> inFlight = new AtomicReference<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicBoolean probeInFlight = new AtomicBoolean();

    /**
     * @param knownZone the portal's zone when configured, else null: it is then asked of {@code lookup} at a daily
     *                  limit, until HubSpot has told it once
     */
    DailyLimitPause(Clock clock, Duration cap, ZoneId knownZone, Supplier<CompletableFuture<Optional<ZoneId>>> lookup) {
        this.clock = clock;
        this.cap = cap;
        this.lookup = lookup;
        zone.set(knownZone);
    }

    Optional<ZoneId> zone() {
        return Optional.ofNullable(zone.get());
    }

    /**
     * Until when the portal pauses after a daily limit; {@code retryAfter} is HubSpot's own, null if it sent none.
     * The first daily limit of a portal whose zone is not known asks account-info for it (one call, then cached).
     */
    CompletableFuture<Instant> pauseUntil(Instant retryAfter) {
        probing.set(true);
        if (retryAfter != null || zone.get() != null || lookup == null) {
            return CompletableFuture.completedFuture(until(retryAfter));
        }
        return lookUp().handle((found, error) -> until(null));
    }

    private Instant until(Instant retryAfter) {
        Instant now = clock.instant();
        Instant capped = now.plus(cap);
        ZoneId portalZone = zone.get();
        Instant until;
        if (retryAfter != null) {
            until = retryAfter;
        } else if (portalZone != null) {
            until = LocalDate.ofInstant(now, portalZone).plusDays(1).atStartOfDay(portalZone).toInstant();
        } else {
            until = capped;
        }
        return until.isBefore(capped) ? until : capped;
    }

    /** Called once the pause itself is over: the first call after a daily limit probes, the others wait for it. */
    Admission admit() {
        if (!probing.get()) {
            return Admission.GO;
        }
        return probeInFlight.compareAndSet(false, true) ? Admission.PROBE : Admission.WAIT;
    }

    /** The probe's answer: the portal is open again unless it hit the daily limit once more. */
    void probed(boolean stillAtLimit) {
        if (!stillAtLimit) {
            probing.set(false);
        }
        probeInFlight.set(false);
    }

    private CompletableFuture<Optional<ZoneId>> lookUp() {
        CompletableFuture<Optional<ZoneId>> running = new CompletableFuture<>();
        CompletableFuture<Optional<ZoneId>> previous = inFlight.compareAndExchange(null, running);
        if (previous != null) {
            return previous;
        }
        CompletableFuture<Optional<ZoneId>> asked;
        try {
            asked = lookup.get().orTimeout(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((found, error) -> {
            if (found != null) {
                found.ifPresent(zone::set);
            }
            inFlight.set(null);
            running.complete(found == null ? Optional.empty() : found);
        });
        return running;
    }
}
