package com.associationenricher.hubspot;

import static com.associationenricher.hubspot.ResilienceFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.tools.simulator.FaultSettings;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.ScopeErrorForm;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The object lister against the simulator: paging, its own pace, and the batch/read client's failure handling. */
class ResilientObjectListerTest extends AgainstSimulator {

    ResilientObjectLister lister(ResilienceSettings settings) {
        return ResilientObjectLister.create(PORTAL, URI.create(simulator.baseUrl()),
                new StaticTokenProvider(SimulatorSettings.DEFAULT_TOKEN), settings, shared, HttpClient.newHttpClient(),
                Clock.systemUTC(), ZoneOffset.UTC);
    }

    List<ObjectListing.Page> listAll(ResilientObjectLister lister, String type, boolean archived) throws Exception {
        List<ObjectListing.Page> pages = new ArrayList<>();
        String after = null;
        do {
            ObjectListing listing = lister.page(type, after, archived).get();
            assertThat(listing).isInstanceOf(ObjectListing.Page.class);
            ObjectListing.Page page = (ObjectListing.Page) listing;
            pages.add(page);
            after = page.nextAfter();
        } while (after != null);
        return pages;
    }

    @Test
    void listsEveryObjectAHundredPerPageAtItsOwnBudget() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        List<String> seeded = simulator.universe().seed(PORTAL, "contacts", 10_000, 450);
        ResilientObjectLister lister = lister(fast().withRateLimit(5, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        long started = System.nanoTime();
        List<ObjectListing.Page> pages = listAll(lister, "contacts", false);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(pages).hasSize(5);
        assertThat(pages.stream().flatMap(p -> p.objectIds().stream()).toList()).containsExactlyElementsOf(seeded);
        assertThat(lister.httpCalls()).isEqualTo(5);
        // 5 calls at 5 per second are spaced 200 ms apart by the smooth limiter.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void theSearchTotalCountsLiveObjectsAndATypeWithoutScopeHasNoCount() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().missingScopes("tickets", "crm.objects.tickets.read").build());
        simulator.universe().seed(PORTAL, "contacts", 1, 1_234);
        ResilientObjectLister lister = lister(fast());
        assertThat(lister.count("contacts").get()).hasValue(1_234);
        assertThat(lister.count("tickets").get()).isEmpty();
    }

    @Test
    void theRecycleBinListsDeletedObjects() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        simulator.universe().seed(PORTAL, "deals", 1, 10);
        simulator.universe().delete(PORTAL, "deals", "3");
        List<ObjectListing.Page> pages = listAll(lister(fast()), "deals", true);
        assertThat(pages).singleElement().satisfies(page -> assertThat(page.objectIds()).containsExactly("3"));
    }

    @Test
    void serverErrorsAreRetriedInTheCallAsForBatchRead() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder().faults(FaultSettings.serverErrors(1.0, 2)).build());
        simulator.universe().seed(PORTAL, "contacts", 1, 20);
        ResilientObjectLister lister = lister(fast());
        ObjectListing first = lister.page("contacts", null, false).get();
        assertThat(first).isInstanceOf(ObjectListing.Failed.class);
        simulator.setFaults(FaultSettings.serverErrors(0.5, 1));
        List<ObjectListing.Page> pages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectListing listing = lister.page("contacts", null, false).get();
            if (listing instanceof ObjectListing.Page page) {
                pages.add(page);
            }
        }
        assertThat(pages).isNotEmpty().allSatisfy(page -> assertThat(page.objectIds()).hasSize(20));
        assertThat(lister.httpCalls()).isGreaterThan(4 + pages.size());
    }

    @Test
    void aMissingScopeIsForbiddenWithTheScopesHubSpotNamed() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.builder()
                .missingScopes("tickets", "crm.objects.tickets.read").scopeErrorForm(ScopeErrorForm.ERRORS_CONTEXT_STRING).build());
        ObjectListing listing = lister(fast()).page("tickets", null, false).get();
        assertThat(listing).isInstanceOfSatisfying(ObjectListing.Forbidden.class,
                forbidden -> assertThat(forbidden.missingScopes()).containsExactly("crm.objects.tickets.read"));
    }

    @Test
    void theDailyLimitPausesThePortalWithoutFurtherCalls() throws Exception {
        simulator = HubSpotSimulator.start(SimulatorSettings.defaults());
        simulator.universe().seed(PORTAL, "contacts", 1, 20);
        simulator.reachDailyLimit(PORTAL);
        ResilientObjectLister lister = lister(fast());
        ObjectListing listing = lister.page("contacts", null, false).get();
        assertThat(listing).isInstanceOfSatisfying(ObjectListing.Unavailable.class,
                unavailable -> assertThat(unavailable.until()).isAfter(Instant.now().plusSeconds(60)));
        long calls = lister.httpCalls();
        assertThat(lister.page("contacts", null, false).get()).isInstanceOf(ObjectListing.Unavailable.class);
        assertThat(lister.httpCalls()).isEqualTo(calls);
    }
}
