package com.associationenricher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnricherMetricsTest {

    @Test
    void pendingIdsOfPortalsWithoutCredentialsShareOneSeries() {
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        metrics.portalsServed(Set.of(42L, 43L));

        metrics.pendingDelta(42, "contacts", "companies", 5);
        for (long portal = 1000; portal < 3000; portal++) {
            metrics.pendingDelta(portal, "contacts", "companies", 1);
        }

        assertThat(metrics.registry().find("enricher.pending.ids").gauges()).hasSize(2);
        assertThat(metrics.registry().get("enricher.pending.ids").tag("portal", "42").gauge().value()).isEqualTo(5);
        assertThat(metrics.registry().get("enricher.pending.ids").tag("portal", EnricherMetrics.OTHER_PORTAL).gauge().value())
                .isEqualTo(2000);
        assertThat(metrics.pendingIds()).isEqualTo(2005);
    }

    @Test
    void withoutServedPortalsEveryPortalCountsAsOther() {
        EnricherMetrics metrics = EnricherMetrics.inMemory();
        metrics.pendingDelta(7, "deals", "contacts", 3);
        metrics.pendingDelta(8, "deals", "contacts", -1);

        assertThat(metrics.registry().find("enricher.pending.ids").gauges()).singleElement()
                .extracting(Gauge::value).isEqualTo(2.0);
    }
}
