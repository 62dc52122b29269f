package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static com.associationenricher.hubspot.ResilienceFixtures.found;
import static com.associationenricher.hubspot.ResilienceFixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 10, hubspot part: the client's meters are tagged only with configured portals (one reader, pacer and
 * circuit per configured portal); ids of portals taken from input that have no credentials add no series at all.
 */
class PortalMeterBoundsTest extends AgainstScriptedServer {

    @Test
    void idsOfUnconfiguredPortalsAddNoMeterSeries() throws Exception {
        server.respondWith(request -> found(idsOf(request)));
        ResilientAssociationsReader configured = ResilienceFixtures.reader(server.baseUrl(), new StaticTokenProvider("pat"),
                fast(), shared);
        PortalRoutingReader router = new PortalRoutingReader(Map.of(42L, configured), shared);

        router.read(new BatchReadRequest(42L, "deals", "companies", List.of("1"))).get(10, TimeUnit.SECONDS);
        int before = registry.getMeters().size();
        for (long portal = 1_000; portal < 1_500; portal++) {
            router.read(new BatchReadRequest(portal, "deals", "companies", List.of("1"))).get(10, TimeUnit.SECONDS);
        }

        assertThat(registry.getMeters()).as("500 unknown portals, not one new series").hasSize(before);
        assertThat(registry.getMeters().stream().map(Meter::getId).map(id -> id.getTag("portal")).filter(Objects::nonNull)
                .distinct()).containsExactly("42");
    }
}
