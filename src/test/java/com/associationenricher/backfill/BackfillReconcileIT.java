package com.associationenricher.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.cli.Main;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.tools.simulator.Endpoint;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.ScopeErrorForm;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.simulator.TrueAssociation;
import com.associationenricher.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Backfill and reconcile on the real broker against the simulator's universe of objects that exist before the
 * enricher starts and never send a change event: the table ends equal to HubSpot's truth, reconcile repairs missed
 * association changes and deletions, a killed backfill resumes from its checkpoint, and a type without scope is
 * reported while the others complete.
 */
@ExtendWith(KafkaBroker.class)
class BackfillReconcileIT {

    static final long PORTAL = SimulatorSettings.DEFAULT_PORTAL_ID;

    @TempDir
    Path stateDir;

    @Test
    void backfillFillsTheTableWithEveryPreExistingObjectOfEveryPair() throws Exception {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().latencyMs(2, 10).build())) {
            List<String> contacts = hubspot.universe().seed(PORTAL, "contacts", 100_000, 2_000);
            List<String> companies = hubspot.universe().seed(PORTAL, "companies", 500_000, 1_000);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies,contacts:deals,companies:contacts");
            Map<String, List<String>> expected = new java.util.HashMap<>();
            contacts.forEach(id -> {
                expected.put(PORTAL + ":contacts:" + id + ":companies", world.truth(PORTAL, "contacts", id, "companies"));
                expected.put(PORTAL + ":contacts:" + id + ":deals", world.truth(PORTAL, "contacts", id, "deals"));
            });
            companies.forEach(id -> expected.put(PORTAL + ":companies:" + id + ":contacts", world.truth(PORTAL, "companies", id, "contacts")));

            try (AutoCloseable enricher = world.startEnricher()) {
                long started = System.nanoTime();
                SweepReport report = world.backfill(new BackfillRun.Options(List.of(), false), SweepObserver.NONE);
                Duration listing = Duration.ofNanos(System.nanoTime() - started);
                assertThat(report.exitCode()).as(report.render()).isZero();
                assertThat(report.eventsWritten()).isEqualTo(3_000);

                Map<String, List<String>> table = world.awaitTable(t -> t.keySet().containsAll(expected.keySet()), Duration.ofSeconds(120));
                List<String> wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(table.get(e.getKey())))
                        .map(e -> e.getKey() + " expected " + e.getValue() + " got " + table.get(e.getKey())).limit(3).toList();
                assertThat(wrong).as("keys whose associations differ from the simulator's truth").isEmpty();
                long listCalls = hubspot.stats().calls(Endpoint.OBJECT_LIST);
                long batchReads = hubspot.stats().calls(Endpoint.V4_BATCH_READ);
                System.err.printf("backfill figures: 3,000 objects, 3 pairs, %d keys; list calls %d (minimum 30), "
                                + "batch/read calls %d (minimum 5: 2,000 x 2 + 1,000 x 1 ids / 1,000 per call), listing %d ms%n",
                        expected.size(), listCalls, batchReads, listing.toMillis());
                assertThat(listCalls).isEqualTo(30);
                assertThat(hubspot.stats().calls(Endpoint.OBJECT_SEARCH)).as("one count per type, for the ETA").isEqualTo(2);
                assertThat(report.listCalls()).isEqualTo(32);
            }
        }
    }

    @Test
    void reconcileRefreshesChangedAssociationsAndTombstonesObjectsDeletedWithoutEvents() throws Exception {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.defaults())) {
            List<String> contacts = hubspot.universe().seed(PORTAL, "contacts", 300_000, 600);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies,contacts:deals");
            try (AutoCloseable enricher = world.startEnricher()) {
                assertThat(world.backfill(new BackfillRun.Options(List.of(), false), SweepObserver.NONE).exitCode()).isZero();
                world.awaitTable(t -> t.size() == 1_200, Duration.ofSeconds(120));

                List<String> changed = contacts.subList(0, 100);
                List<String> deleted = contacts.subList(100, 150);
                for (String id : changed) {
                    hubspot.universe().setAssociations(PORTAL, "contacts", id, "companies",
                            List.of(new TrueAssociation("9" + id, "contact_to_company")));
                }
                deleted.forEach(id -> hubspot.universe().delete(PORTAL, "contacts", id));
                long listCallsBefore = hubspot.stats().calls(Endpoint.OBJECT_LIST);

                SweepReport report = world.reconcile(new ReconcileRun.Options(List.of(), false, false));
                assertThat(report.exitCode()).as(report.render()).isZero();
                // 600 held: 50 DELETED from the recycle bin, 550 refreshed.
                assertThat(report.eventsWritten()).isEqualTo(600);
                assertThat(hubspot.stats().calls(Endpoint.OBJECT_LIST) - listCallsBefore).as("one recycle-bin page").isEqualTo(1);

                Map<String, List<String>> table = world.awaitTable(t ->
                        changed.stream().allMatch(id -> List.of("9" + id).equals(t.get(PORTAL + ":contacts:" + id + ":companies")))
                                && deleted.stream().noneMatch(id -> t.containsKey(PORTAL + ":contacts:" + id + ":companies")
                                        || t.containsKey(PORTAL + ":contacts:" + id + ":deals")), Duration.ofSeconds(120));
                assertThat(table).hasSize(1_100);
                contacts.subList(150, 600).forEach(id -> assertThat(table.get(PORTAL + ":contacts:" + id + ":companies"))
                        .isEqualTo(world.truth(PORTAL, "contacts", id, "companies")));
            }
        }
    }

    @Test
    void aBackfillKilledAfterAFewPagesResumesFromItsCheckpointAndCoversEveryObject() {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.defaults())) {
            List<String> contacts = hubspot.universe().seed(PORTAL, "contacts", 700_000, 1_000);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies");
            AtomicInteger pages = new AtomicInteger();
            SweepObserver killedAtPageFour = new SweepObserver() {
                @Override
                public void pageWritten(SweepTarget target, int objects, int events) {
                    // Page 4's events are in Kafka, its checkpoint is not: the hardest place to die.
                    if (pages.incrementAndGet() == 4) {
                        throw new IllegalStateException("killed");
                    }
                }
            };
            assertThatThrownBy(() -> world.backfill(new BackfillRun.Options(List.of(), false), killedAtPageFour))
                    .hasMessage("killed");
            long callsBeforeResume = hubspot.stats().calls(Endpoint.OBJECT_LIST);
            assertThat(callsBeforeResume).isEqualTo(4);

            List<String> resumedAfter = new ArrayList<>();
            SweepReport resumed = world.backfill(new BackfillRun.Options(List.of(), false), new SweepObserver() {
                @Override
                public void started(SweepTarget target, String after) {
                    resumedAfter.add(after);
                }
            });
            assertThat(resumed.exitCode()).as(resumed.render()).isZero();
            assertThat(resumedAfter).containsExactly("700300");
            assertThat(resumed.listCalls()).as("pages 4 to 10 only").isEqualTo(7);

            List<CrmObjectChangeEvent> events = world.awaitInput(all -> all.size() >= 1_100);
            assertThat(events).hasSize(1_100);
            assertThat(events.stream().map(CrmObjectChangeEvent::getObjectId).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(contacts);
            assertThat(events).allSatisfy(event -> {
                assertThat(event.getChangeSource()).isEqualTo("BACKFILL");
                assertThat(event.getChangeType()).isEqualTo(ChangeType.UPDATED);
            });

            // A finished run leaves no checkpoint: the next one starts over.
            List<String> again = new ArrayList<>();
            world.backfill(new BackfillRun.Options(List.of(), false), new SweepObserver() {
                @Override
                public void started(SweepTarget target, String after) {
                    again.add(String.valueOf(after));
                }
            });
            assertThat(again).containsExactly("null");
        }
    }

    @Test
    void aTypeWithoutScopeIsNamedWithItsMissingScopesWhileTheOthersCompleteAndTheExitCodeIsOne() throws Exception {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .missingScopes("tickets", "crm.objects.tickets.read").scopeErrorForm(ScopeErrorForm.REQUIRED_GRANULAR_SCOPES).build())) {
            List<String> contacts = hubspot.universe().seed(PORTAL, "contacts", 800_000, 250);
            hubspot.universe().seed(PORTAL, "tickets", 900_000, 50);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies,tickets:contacts");
            Path file = stateDir.resolve("backfill.properties");
            Properties properties = new Properties();
            properties.putAll(world.settings);
            try (var out = Files.newBufferedWriter(file)) {
                properties.store(out, null);
            }
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            CommandLine command = Main.commandLine();
            command.setOut(new PrintWriter(stdout, true));
            command.setErr(new PrintWriter(stderr, true));

            int exit = command.execute("backfill", "--config", file.toString(), "--progress-every", "1");

            assertThat(exit).as(stdout + "\n" + stderr).isEqualTo(1);
            assertThat(stdout.toString())
                    .contains("portal " + PORTAL + " contacts: complete, 3 pages, 250 objects")
                    .contains("portal " + PORTAL + " tickets: NOT LISTED", "missing scopes crm.objects.tickets.read");
            assertThat(stderr.toString()).contains("contacts: 3 pages, 250 objects", "250 of 250, ETA")
                    .contains("tickets: HubSpot gave no object count, progress without ETA");
            Set<String> listed = new HashSet<>();
            world.awaitInput(all -> all.size() >= 250).forEach(event -> listed.add(event.getObjectType() + ":" + event.getObjectId()));
            assertThat(listed).hasSize(250).allMatch(key -> key.startsWith("contacts:"));
            assertThat(contacts).allMatch(id -> listed.contains("contacts:" + id));
        }
    }

    @Test
    void aTypeHubSpotKeepsFailingOnEndsIncompleteWithItsCheckpointAndTheNextRunResumesIt() {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.defaults())) {
            List<String> contacts = hubspot.universe().seed(PORTAL, "contacts", 600_000, 500);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies");
            world.settings.put("hubspot.max-attempts", "2");
            world.settings.put("hubspot.retry.max-retries", "1");
            world.settings.put("hubspot.circuit.open-for", "1s");
            AtomicInteger pages = new AtomicInteger();
            SweepReport failed = world.backfill(new BackfillRun.Options(List.of(), false), new SweepObserver() {
                @Override
                public void pageWritten(SweepTarget target, int objects, int events) {
                    if (pages.incrementAndGet() == 2) {
                        hubspot.setFaults(com.associationenricher.tools.simulator.FaultSettings.serverErrors(1.0, 1));
                    }
                }
            });
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.render()).contains("contacts: INCOMPLETE after 2 pages", "run again to resume");

            hubspot.setFaults(com.associationenricher.tools.simulator.FaultSettings.NONE);
            List<String> resumedAfter = new ArrayList<>();
            SweepReport resumed = world.backfill(new BackfillRun.Options(List.of(), false), new SweepObserver() {
                @Override
                public void started(SweepTarget target, String after) {
                    resumedAfter.add(after);
                }
            });
            assertThat(resumed.exitCode()).as(resumed.render()).isZero();
            assertThat(resumedAfter).containsExactly("600200");
            Set<String> listed = world.awaitInput(all -> all.size() >= 500).stream()
                    .map(CrmObjectChangeEvent::getObjectId).collect(Collectors.toSet());
            assertThat(listed).containsExactlyInAnyOrderElementsOf(contacts);
        }
    }

    @Test
    void reconcileOnAFreshDeploymentWhoseTopicsItCreatesFindsAnEmptyTable() {
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.defaults())) {
            hubspot.universe().seed(PORTAL, "contacts", 900_000, 10);
            BackfillFixture world = new BackfillFixture(hubspot, stateDir, "contacts:companies");
            SweepReport report = world.reconcile(new ReconcileRun.Options(List.of(), true, false));
            assertThat(report.exitCode()).as(report.render()).isZero();
            assertThat(report.eventsWritten()).as("the 10 live objects the empty table lacks").isEqualTo(10);
        }
    }
}
