package com.associationenricher.hubspot;

import com.associationenricher.config.HubSpotSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link ResilientObjectLister} per configured portal (the same credentials as the enricher:
 * {@code hubspot.portals.*} and the single token), each paced at {@code requests} per {@code hubspot.rate-limit.period}.
 * Closing it stops the shared scheduler.
 */
public final class ObjectListers implements AutoCloseable {

    private final Map<Long, ResilientObjectLister> byPortal;
    private final SharedCallLimits shared;

    private ObjectListers(Map<Long, ResilientObjectLister> byPortal, SharedCallLimits shared) {
        this.byPortal = byPortal;
        this.shared = shared;
    }

    public static ObjectListers create(HubSpotSettings settings, int requests, MeterRegistry registry) {
        HttpClient http = HubSpotAssociationsClient.defaultHttpClient(settings.requestTimeout());
        ResilienceSettings base = ResilienceSettings.from(settings);
        ResilienceSettings paced = base.withRateLimit(requests, base.rateLimitPeriod(), base.maxPacingWait());
        SharedCallLimits shared = new SharedCallLimits(settings.maxConcurrentRequests(), paced.bulkheadMaxWait(), registry);
        Map<Long, ResilientObjectLister> listers = new TreeMap<>();
        try {
            AssociationsReaders.credentials(settings, http).forEach((portal, tokens) -> listers.put(portal,
                    ResilientObjectLister.create(portal, settings.baseUrl(), tokens, paced, shared, http, Clock.systemUTC(),
                            ZoneId.of("UTC"))));
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
        return new ObjectListers(listers, shared);
    }

    /** The listers by portal id, in portal order. */
    public Map<Long, ResilientObjectLister> byPortal() {
        return byPortal;
    }

    @Override
    public void close() {
        shared.close();
    }
}
